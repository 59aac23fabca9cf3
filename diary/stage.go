package diary

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Stages lists the stages in the order a worker moves through them.
var Stages = []Stage{StageInto, StageThrough, StageBeyond}

var (
	// ErrBadStage means a name is not one of the stages.
	ErrBadStage = errors.New("not a stage")

	// ErrFutureDate means a day that has not come yet was given for
	// something that has already happened: an entry's time, a stage's start.
	ErrFutureDate = errors.New("the date is in the future")
)

// ParseStage reads a stage as a person types it ("Through", " into ").
// Errors are an *Explained wrapping ErrBadStage.
func ParseStage(s string) (Stage, error) {
	st := Stage(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Stages, st) {
		return st, nil
	}
	names := make([]string, len(Stages))
	for i, x := range Stages {
		names[i] = string(x)
	}
	shown := s
	if len([]rune(shown)) > 20 {
		shown = string([]rune(shown)[:20]) + "…"
	}
	hints := []string{"the stages are into, through and beyond"}
	if near := Suggest(string(st), names); len(near) > 0 {
		hints = append([]string{"did you mean " + near[0] + "?"}, hints...)
	}
	return "", usage(ErrBadStage, fmt.Sprintf("%q is not a stage", shown), hints...)
}

// NewStageChange is a move to stage: now, or from the start of the day
// since names (see ParseDate). A day that has not come yet is refused: a
// stage is recorded once it has begun.
func NewStageChange(stage Stage, since string, now time.Time) (StageChange, error) {
	if !slices.Contains(Stages, stage) {
		return StageChange{}, usage(ErrBadStage, fmt.Sprintf("%q is not a stage", string(stage)), "the stages are into, through and beyond")
	}
	at := now
	if since != "" {
		t, _, err := ParseDate(since, now)
		if err != nil {
			return StageChange{}, err
		}
		at = StartOfDay(t.In(now.Location()))
		if at.After(now) {
			return StageChange{}, usage(ErrFutureDate, "a stage can't begin on a day that hasn't come yet",
				"give the day it began, such as "+now.AddDate(0, 0, -7).Format(time.DateOnly)+" or \"last monday\"; leave the date out for today")
		}
	}
	return StageChange{Stage: stage, Since: at.Truncate(time.Second)}, nil
}

// RecordStage adds a stage change to the history in date order, replacing
// a change on the same day (in c's time zone).
func (s *Settings) RecordStage(c StageChange) {
	day := c.Since.Format(time.DateOnly)
	s.Stages = slices.DeleteFunc(s.Stages, func(h StageChange) bool {
		return h.Since.In(c.Since.Location()).Format(time.DateOnly) == day
	})
	s.Stages = append(s.Stages, c)
	slices.SortStableFunc(s.Stages, func(x, y StageChange) int { return x.Since.Compare(y.Since) })
}
