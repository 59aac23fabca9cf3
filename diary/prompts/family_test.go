package prompts

import (
	"errors"
	"testing"

	"peerdiary/diary"
)

func TestParseFamily(t *testing.T) {
	for in, want := range map[string]string{"care": "care", " Transitions ": "transitions", "role friction": "role-friction", "ROLE-FRICTION": "role-friction"} {
		if got, err := ParseFamily(in); err != nil || got != want {
			t.Errorf("ParseFamily(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, hint := range map[string]string{"carer": "did you mean care?", "relationship": "did you mean relationships?", "hobbies": "the prompt families are transitions, role-friction, relationships, care"} {
		_, err := ParseFamily(in)
		var ex *diary.Explained
		if !errors.Is(err, ErrUnknownFamily) || !errors.As(err, &ex) || ex.Kind != diary.KindUsage || ex.Hints[0] != hint {
			t.Errorf("ParseFamily(%q): %v, %+v; want a usage mistake whose first hint is %q", in, err, ex, hint)
		}
	}
}
