package diary

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MoodWords names the moods 1 to 5, as the full-screen diary shows them;
// MoodWords[0] is no mood.
var MoodWords = [...]string{"", "very low", "low", "okay", "good", "very good"}

// ErrBadMood means a mood is neither 1 to 5 nor one of MoodWords.
var ErrBadMood = errors.New("not a mood")

// ParseMood reads a mood as a person gives it: a number from 1 to 5, or one
// of MoodWords ("okay", "very good"). Errors are an *Explained wrapping
// ErrBadMood.
func ParseMood(s string) (int, error) {
	t := strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= 5 {
		return n, nil
	}
	for n, w := range MoodWords {
		if n > 0 && (t == w || t == strings.ReplaceAll(w, " ", "-")) {
			return n, nil
		}
	}
	shown := s
	if len([]rune(shown)) > 20 {
		shown = string([]rune(shown)[:20]) + "…"
	}
	return 0, usage(ErrBadMood, fmt.Sprintf("%q is not a mood", shown),
		"use a number from 1 (very low) to 5 (very good)",
		"or one of the words "+strings.Join(MoodWords[1:], ", "))
}
