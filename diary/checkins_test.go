package diary

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheckInsStoredEncrypted(t *testing.T) {
	s, dir := newTestStore(t)
	at := time.Date(2026, 11, 23, 18, 30, 0, 0, time.UTC)
	for _, c := range []CheckIn{
		{At: at, Mood: 2, Word: "  heavy ", Happened: true},
		{At: at.Add(-24 * time.Hour), Mood: 4, Word: "steady"},
	} {
		if err := s.AddCheckIn(c); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.CheckIns()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Word != "steady" || list[1].Word != "heavy" || !list[1].Happened || list[1].Mood != 2 {
		t.Fatalf("check-ins = %+v, want both, oldest first, the word trimmed", list)
	}
	if err := s.MarkFollowedUp(at, at.Add(26*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if list, _ = s.CheckIns(); !list[1].FollowedUp.Equal(at.Add(26 * time.Hour)) {
		t.Errorf("followed up = %v", list[1].FollowedUp)
	}
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), "heavy") || strings.Contains(string(b), "steady") {
			t.Errorf("%s holds a check-in's word in the clear", path)
		}
		return nil
	})
}

func TestCheckInValidate(t *testing.T) {
	at := time.Date(2026, 11, 23, 18, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		c    CheckIn
		want string // "" for valid
	}{
		{CheckIn{At: at, Mood: 3, Word: "fine"}, ""},
		{CheckIn{At: at, Mood: 1}, ""},
		{CheckIn{At: at, Mood: 0}, "mood 0: choose 1 (very low) to 5 (very good)"},
		{CheckIn{At: at, Mood: 6}, "mood 6: choose 1 (very low) to 5 (very good)"},
		{CheckIn{Mood: 3}, "a check-in needs a time"},
		{CheckIn{At: at, Mood: 3, Word: strings.Repeat("a", 41)}, "the word for the shift is 41 characters; keep it to 40"},
		{CheckIn{At: at, Mood: 3, Word: "a\x1b[2Jb"}, "the word for the shift must be one line of plain text"},
		{CheckIn{At: at, Mood: 3, Word: "two\nlines"}, "the word for the shift must be one line of plain text"},
	} {
		err := tc.c.Validate()
		if (err == nil) != (tc.want == "") || (err != nil && err.Error() != tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.c, err, tc.want)
		}
	}
}

func TestPendingFollowUp(t *testing.T) {
	zone := time.FixedZone("PST", -8*3600)
	day := func(n, hour int) time.Time { return time.Date(2026, 11, 23+n, hour, 0, 0, 0, zone) }
	hard := CheckIn{At: day(0, 22), Mood: 2, Word: "heavy"}
	happened := CheckIn{At: day(0, 22), Mood: 4, Happened: true}
	fine := CheckIn{At: day(1, 20), Mood: 4}
	done := hard
	done.FollowedUp = day(1, 9)
	for _, tc := range []struct {
		name string
		list []CheckIn
		now  time.Time
		want bool
	}{
		{"nothing yet", nil, day(1, 19), false},
		{"the same evening: today's offer meets it", []CheckIn{hard}, day(0, 23), false},
		{"the next day", []CheckIn{hard}, day(1, 19), true},
		{"just after midnight", []CheckIn{hard}, day(1, 0), true},
		{"two days on", []CheckIn{hard}, day(2, 19), true},
		{"three days on: let it be", []CheckIn{hard}, day(3, 19), false},
		{"something happened on a good-mood day", []CheckIn{happened}, day(1, 19), true},
		{"already followed up or put aside", []CheckIn{done}, day(1, 19), false},
		{"a better shift since", []CheckIn{hard, fine}, day(2, 9), false},
		{"a good shift earlier, then a hard one", []CheckIn{{At: day(-1, 20), Mood: 5}, hard}, day(1, 9), true},
		{"a hard one today after a hard one yesterday", []CheckIn{hard, {At: day(1, 20), Mood: 1}}, day(1, 21), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := PendingFollowUp(tc.list, tc.now)
			if ok != tc.want {
				t.Fatalf("ok = %v (%+v), want %v", ok, c, tc.want)
			}
		})
	}
	if c, ok := HardToday([]CheckIn{hard}, day(0, 23)); !ok || c.Word != "heavy" {
		t.Errorf("HardToday = %+v, %v", c, ok)
	}
	if _, ok := HardToday([]CheckIn{hard, {At: day(0, 23), Mood: 4}}, day(0, 23)); ok {
		t.Error("a better check-in later the same day still counts as hard")
	}
	if _, ok := HardToday([]CheckIn{hard}, day(1, 9)); ok {
		t.Error("yesterday's check-in counts as today's")
	}
}

func TestSupportsList(t *testing.T) {
	st := &Settings{}
	for _, p := range []Support{{Name: " Sam ", Contact: "07700 900123"}, {Name: "Debrief group"}, {Name: "sam", Contact: "07700 900999", Note: "peer supervisor"}} {
		if err := st.PutSupport(p); err != nil {
			t.Fatal(err)
		}
	}
	if len(st.Supports) != 2 || st.Supports[0].Name != "sam" || st.Supports[0].Contact != "07700 900999" {
		t.Fatalf("supports = %+v, want Sam updated in place", st.Supports)
	}
	if !st.SupportShownWhenLocked("SAM", true) || !st.Supports[0].ShowWhenLocked {
		t.Error("could not mark Sam as shown when locked")
	}
	if st.SupportShownWhenLocked("nobody", true) || st.RemoveSupport("nobody") {
		t.Error("someone not on the list was found")
	}
	if !st.RemoveSupport("debrief group") || len(st.Supports) != 1 {
		t.Errorf("remove: %+v", st.Supports)
	}
	for _, bad := range []Support{{Name: ""}, {Name: "a\x1b[2J"}, {Name: "a", Contact: "two\nlines"}, {Name: strings.Repeat("x", 201)}, {Name: "a\u202eb"}} {
		if err := st.PutSupport(bad); err == nil {
			t.Errorf("%q was accepted", bad.Name)
		}
	}
}
