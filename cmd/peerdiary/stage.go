package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"peerdiary/diary"
	"peerdiary/diary/prompts"
)

func (a *app) stageCommand() *cobra.Command {
	var since string
	cmd := &cobra.Command{
		Use:   "stage [into|through|beyond] [--since DATE]",
		Short: "Show or set where you are in the role: into, through or beyond it",
		Long: `Show your stage in the role, or record a new one. Peer work has
transitions: into the role (training, first weeks, learning the
organisation), through it (adapting, speaking up, growing confidence) and
beyond it (development, next steps). The prompt of the day leans towards
your stage, and insights draws your stages over time.

--since backdates the change to a day (2026-09-01, "last monday"); a
change on a day that already has one replaces it.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError("stage takes at most one stage", "peerdiary stage through")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			var stage diary.Stage
			var at time.Time
			if len(args) == 1 {
				stage = diary.Stage(strings.ToLower(strings.TrimSpace(args[0])))
				switch stage {
				case diary.StageInto, diary.StageThrough, diary.StageBeyond:
				default:
					return usageError(fmt.Sprintf("%q is not a stage", printable(args[0], false)),
						"the stages are into, through and beyond")
				}
				at = now()
				if since != "" {
					t, _, err := diary.ParseDate(since, now())
					if err != nil {
						return err
					}
					at = diary.StartOfDay(t)
				}
			} else if since != "" {
				return usageError("--since needs a stage", "peerdiary stage through --since 2026-09-01")
			}
			s, err := a.open()
			if err != nil {
				return err
			}
			defer s.Close()
			settings, err := s.Settings()
			if err != nil {
				return err
			}
			if stage != "" {
				settings.Stages = withStage(settings.Stages, diary.StageChange{Stage: stage, Since: at.Truncate(time.Second)})
				if err := s.SaveSettings(settings); err != nil {
					return err
				}
			}
			if len(settings.Stages) == 0 {
				fmt.Fprintln(a.io.out, "No stage set yet. Set one with: peerdiary stage into (or through, or beyond).")
				return nil
			}
			cur := settings.StageAt(now())
			if cur == "" {
				cur = "not yet"
			}
			fmt.Fprintf(a.io.out, "Stage now: %s\n", cur)
			for _, c := range settings.Stages {
				fmt.Fprintf(a.io.out, "  %-8s since %s\n", c.Stage, c.Since.In(now().Location()).Format(time.DateOnly))
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&since, "since", "", "the `day` the stage began (default now)")
	return cmd
}

// withStage adds a stage change in date order, replacing one on the same day.
func withStage(history []diary.StageChange, c diary.StageChange) []diary.StageChange {
	day := c.Since.Format(time.DateOnly)
	out := slices.DeleteFunc(slices.Clone(history), func(h diary.StageChange) bool {
		return h.Since.In(c.Since.Location()).Format(time.DateOnly) == day
	})
	out = append(out, c)
	slices.SortStableFunc(out, func(x, y diary.StageChange) int { return x.Since.Compare(y.Since) })
	return out
}

func (a *app) supportsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "supports",
		Short: "List the people you can talk to after a hard day; add or remove them",
		Long: `Your own list of people to talk to: a peer supervisor, a debrief group, a
friend. The critical-incident debrief offers them. The list is stored
inside the diary, encrypted.`,
		Args: noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			s, err := a.open()
			if err != nil {
				return err
			}
			defer s.Close()
			settings, err := s.Settings()
			if err != nil {
				return err
			}
			a.printSupports(settings.Supports)
			return nil
		}),
	}
	var contact, note string
	add := &cobra.Command{
		Use:   "add NAME [--contact HOW] [--note NOTE]",
		Short: "Add someone to your list (or update them)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageError("supports add needs one name", `peerdiary supports add "Sam (peer supervisor)" --contact "07700 900123"`)
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			p := diary.Support{Name: strings.TrimSpace(args[0]), Contact: strings.TrimSpace(contact), Note: strings.TrimSpace(note)}
			for _, f := range []string{p.Name, p.Contact, p.Note} {
				if len([]rune(f)) > 200 || printable(f, false) != f {
					return usageError("a name, contact or note must be one line of up to 200 characters, without control characters")
				}
			}
			settings, err := a.changeSettings(func(st *diary.Settings) error {
				if i := slices.IndexFunc(st.Supports, func(x diary.Support) bool { return strings.EqualFold(x.Name, p.Name) }); i >= 0 {
					st.Supports[i] = p
				} else {
					st.Supports = append(st.Supports, p)
				}
				return nil
			})
			if err != nil {
				return err
			}
			a.printSupports(settings.Supports)
			return nil
		}),
	}
	add.Flags().StringVar(&contact, "contact", "", "how to reach them: a `number` or address")
	add.Flags().StringVar(&note, "note", "", "a short `note`, such as when they are around")
	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Take someone off your list",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("supports remove needs one name", "peerdiary supports lists the names")
			}
			return nil
		},
		RunE: a.command(func(cmd *cobra.Command, args []string) error {
			settings, err := a.changeSettings(func(st *diary.Settings) error {
				n := len(st.Supports)
				st.Supports = slices.DeleteFunc(st.Supports, func(x diary.Support) bool { return strings.EqualFold(x.Name, strings.TrimSpace(args[0])) })
				if len(st.Supports) == n {
					return usageError(fmt.Sprintf("%q is not on your list", printable(args[0], false)), "peerdiary supports lists the names")
				}
				return nil
			})
			if err != nil {
				return err
			}
			a.printSupports(settings.Supports)
			return nil
		}),
	}
	cmd.AddCommand(add, remove)
	return cmd
}

func (a *app) printSupports(list []diary.Support) {
	if len(list) == 0 {
		fmt.Fprintln(a.io.out, `No one on your list yet. Add someone with: peerdiary supports add "Sam" --contact "07700 900123"`)
		return
	}
	for _, p := range list {
		fmt.Fprintln(a.io.out, printable(prompts.SupportLine(p), false))
	}
}

// changeSettings opens the diary, lets change edit its settings, saves them
// (encrypted, atomically) and returns them.
func (a *app) changeSettings(change func(*diary.Settings) error) (*diary.Settings, error) {
	s, err := a.open()
	if err != nil {
		return nil, err
	}
	defer s.Close()
	settings, err := s.Settings()
	if err != nil {
		return nil, err
	}
	if err := change(settings); err != nil {
		return nil, err
	}
	if err := s.SaveSettings(settings); err != nil {
		return nil, err
	}
	return settings, nil
}
