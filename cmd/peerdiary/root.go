package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"peerdiary/diary"
	"peerdiary/internal/safetext"
	"peerdiary/tui"
)

// app is one run of the command line: where it reads and writes, and the
// diary folder once flags are parsed.
type app struct {
	io     stdio
	parent context.Context // the context before interruptible wrapped it
	// leaveSignals hands ctrl+c, SIGTERM and SIGHUP over to the full-screen
	// diary, which saves unsaved writing as a draft before it exits.
	leaveSignals func()
	dirFlag      string        // --diary
	lockWait     time.Duration // --wait
	dir          string        // the diary folder, resolved before any command runs
	started      bool          // a command's own code ran (so an error is not a usage error)
	exitCode     int           // set by a command that succeeded but must exit non-zero
}

func init() {
	// Help lists commands in the order they are added, not alphabetically.
	cobra.EnableCommandSorting = false
}

// run parses args, runs one command and returns the process exit code.
// Every error is printed here, once, as "peerdiary: error: …".
func run(ctx context.Context, args []string, sio stdio) int {
	parent := ctx
	ctx, leave, stop := interruptible(ctx)
	defer stop()

	a := &app{io: sio, parent: parent, leaveSignals: leave}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(sio.in)
	root.SetOut(sio.out)
	root.SetErr(sio.err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return a.exitCode
	}
	if !a.started {
		var ce *diary.Explained
		if !errors.As(err, &ce) {
			err = usageError(err.Error(), "run peerdiary help for the commands and their flags")
		}
	}
	if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
		err = problem(diary.KindInterrupted, "interrupted", err)
	}
	e := describe(err, a.dir)
	printError(sio.err, e)
	return exitCodes[e.Kind]
}

// interruptible cancels the context on ctrl+c, on SIGTERM, and when the
// terminal closes (SIGHUP). Commands finish or abandon their one atomic write,
// so nothing is left half-saved. At a passphrase prompt there is nothing to
// save: the terminal gets its echo back and the process exits at once. A
// second signal exits at once too. leave stops catching the signals without
// cancelling the context; stop does both.
func interruptible(parent context.Context) (ctx context.Context, leave, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	leave = func() { signal.Stop(sigs) }
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-sigs:
			}
			if restore := restoreTerminal.Load(); restore != nil || n > 0 {
				if restore != nil {
					(*restore)()
				}
				os.Exit(exitInterrupted)
			}
			cancel()
		}
	}()
	return ctx, leave, func() {
		leave()
		close(done)
		cancel()
	}
}

// command wraps a command's code so run can tell its errors from cobra's
// usage errors, and resolves the diary folder first.
func (a *app) command(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		dir, err := diaryDir(a.dirFlag, a.io.getenv)
		if err != nil {
			return err
		}
		a.dir = dir
		a.started = true
		return fn(cmd, args)
	}
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "peerdiary",
		Short: "A private, encrypted diary for peer support workers",
		Long: `peerdiary is a private, encrypted diary for peer support work.

Run peerdiary with no command to open the full-screen diary: write, read,
answer the prompt of the day, and see your insights. The commands below do
the same from any terminal or script. Every entry is an age file, readable
with your passphrase and the age command line; see docs/CLI.md.`,
		Args:          noArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       version(),
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			a.leaveSignals()
			return tui.Run(a.parent, tui.Config{DiaryDir: a.dir, Now: now, LockWait: a.diaryOptions().LockWait})
		}),
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(flagError)
	root.PersistentFlags().StringVar(&a.dirFlag, "diary", "", "the diary `folder` (default $PEERDIARY_DIR, else ~/.local/share/peerdiary)")
	root.PersistentFlags().DurationVar(&a.lockWait, "wait", diary.DefaultLockWait, "how long a save waits for another peerdiary's save to finish (`DURATION`, such as 30s or 2m)")
	// Help lists the commands in these groups, in the order added: what a
	// person does most comes first.
	groups := []struct {
		id, title string
		commands  []*cobra.Command
	}{
		{"entries", "Write and read:", []*cobra.Command{
			a.writeCommand(), a.reflectCommand(), a.checkinCommand(), a.listCommand(), a.showCommand(), a.editCommand(), a.deleteCommand(),
		}},
		{"reflection", "Prompts and your work:", []*cobra.Command{
			a.promptsCommand(), a.tagsCommand(), a.insightsCommand(), a.stageCommand(), a.supportsCommand(),
		}},
		{"research", "Research studies:", []*cobra.Command{
			a.studyCommand(), a.consentCommand(), a.researchCommand(),
		}},
		{"supervision", "Supervision:", []*cobra.Command{
			a.flagCommand(), a.unflagCommand(), a.exportCommand(), a.exportsCommand(), a.peopleCommand(), a.contactsCommand(), a.openCommand(),
		}},
		{"diary", "Your diary and its key:", []*cobra.Command{
			a.initCommand(), a.passwdCommand(), a.verifyCommand(), a.keyCommand(), a.demoCommand(),
		}},
	}
	for _, g := range groups {
		root.AddGroup(&cobra.Group{ID: g.id, Title: g.title})
		for _, c := range g.commands {
			c.GroupID = g.id
			root.AddCommand(c)
		}
	}
	root.SetHelpCommandGroupID("diary")
	root.SetUsageTemplate(usageTemplate)
	// Every Use line names its own flags, so cobra's "[flags]" would say
	// it twice.
	var noFlagsSuffix func(*cobra.Command)
	noFlagsSuffix = func(c *cobra.Command) {
		c.DisableFlagsInUseLine = true
		for _, sub := range c.Commands() {
			noFlagsSuffix(sub)
		}
	}
	noFlagsSuffix(root)
	return root
}

func (a *app) demoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Look around a throwaway diary of made-up entries",
		Args:  noArgs,
		RunE: a.command(func(cmd *cobra.Command, _ []string) error {
			a.leaveSignals()
			return tui.Run(a.parent, tui.Config{Demo: true, Now: now})
		}),
	}
}

// noArgs refuses arguments with a usage error. To a command with
// subcommands (peerdiary itself, prompts, supports, key) an argument is a
// mistyped command, and the nearest ones are suggested.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasAvailableSubCommands() {
		var names []string
		for _, c := range cmd.Commands() {
			if c.IsAvailableCommand() {
				names = append(names, c.Name())
			}
		}
		msg := fmt.Sprintf("unknown command %q", safetext.Name(args[0]))
		if cmd.HasParent() {
			msg += " for " + cmd.CommandPath()
		}
		see := "run peerdiary help to see the commands"
		if cmd.HasParent() {
			see = "run " + cmd.CommandPath() + " --help to see its commands"
		}
		return usageError(msg, append(didYouMean(cmd.CommandPath()+" ", diary.Suggest(args[0], names)), see)...)
	}
	return usageError(fmt.Sprintf("%s takes no arguments", cmd.CommandPath()), "run "+cmd.CommandPath()+" --help")
}

// didYouMean is the hint naming what a person probably meant, each
// suggestion after prefix, or nothing if there is none.
func didYouMean(prefix string, suggestions []string) []string {
	switch len(suggestions) {
	case 0:
		return nil
	case 1:
		return []string{"did you mean " + prefix + suggestions[0] + "?"}
	}
	return []string{"did you mean " + prefix + suggestions[0] + " or " + prefix + suggestions[1] + "?"}
}

// flagError words cobra's flag errors for a person: an unknown flag with
// the flags it was probably meant to be, a value that is not a number.
func flagError(cmd *cobra.Command, err error) error {
	// "peerdiary wirte -m x": the command was mistyped, so the flag is
	// unknown to peerdiary itself; the command is the mistake to name.
	if cmd.HasAvailableSubCommands() && len(cmd.Flags().Args()) > 0 {
		return noArgs(cmd, cmd.Flags().Args())
	}
	var notExist *pflag.NotExistError
	var invalid *pflag.InvalidValueError
	var needsValue *pflag.ValueRequiredError
	help := "run " + cmd.CommandPath() + " --help for its flags"
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if short := notExist.GetSpecifiedShortnames(); short != "" {
			return usageError(fmt.Sprintf("unknown flag -%s for %s", safetext.Name(name), cmd.CommandPath()), help)
		}
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		return usageError(fmt.Sprintf("unknown flag --%s for %s", safetext.Name(name), cmd.CommandPath()),
			append(didYouMean("--", diary.Suggest(name, names)), help)...)
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		what := "--" + f.Name
		if f.Shorthand != "" {
			what = "-" + f.Shorthand
		}
		if f.Value.Type() == "int" {
			return usageError(fmt.Sprintf("%s takes a whole number, not %q", what, safetext.Name(invalid.GetValue())), help)
		}
		return usageError(fmt.Sprintf("%s can't be %q", what, safetext.Name(invalid.GetValue())), help)
	case errors.As(err, &needsValue):
		return usageError(fmt.Sprintf("--%s needs a value", needsValue.GetFlag().Name), help)
	}
	return usageError(safetext.Name(err.Error()), help)
}

// oneID requires exactly one entry id.
func oneID(cmd *cobra.Command, args []string) error {
	return exactlyOneArg(cmd.CommandPath()+" needs one entry id", "peerdiary list shows each entry's id; any unique start of it works")(cmd, args)
}

// exactlyOneArg requires one argument, refusing anything else with msg and
// hints.
func exactlyOneArg(msg string, hints ...string) cobra.PositionalArgs {
	return argsBetween(1, 1, msg, hints...)
}

// argsBetween requires from least to most arguments, refusing anything else
// with msg and hints.
func argsBetween(least, most int, msg string, hints ...string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < least || len(args) > most {
			return usageError(msg, hints...)
		}
		return nil
	}
}

// version is the module version the binary was built from ("v1.2.0", as
// go install peerdiary@v1.2.0 records it), or else the commit it was built
// from, as go build records it in a git checkout ("devel 3b4bc01a9e2f,
// 2026-11-30", "+ local changes" when the checkout had uncommitted
// changes), or "devel" when the build recorded neither.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, when string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	v := "devel " + rev[:min(len(rev), 12)]
	if t, err := time.Parse(time.RFC3339, when); err == nil {
		v += ", " + t.UTC().Format(time.DateOnly)
	}
	if modified {
		v += " + local changes"
	}
	return v
}

// usageTemplate is cobra's own, with flag descriptions wrapped so that
// every line of help fits an 80-column terminal.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [command]{{end}}{{if gt (len .Aliases) 0}}

Aliases:
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}{{$cmds := .Commands}}{{if eq (len .Groups) 0}}

Available Commands:{{range $cmds}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{else}}{{range $group := .Groups}}

{{.Title}}{{range $cmds}}{{if (and (eq .GroupID $group.ID) (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if not .AllChildCommandsHaveGroup}}

Additional Commands:{{range $cmds}}{{if (and (eq .GroupID "") (or .IsAvailableCommand (eq .Name "help")))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsagesWrapped 80 | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Global Flags:
{{.InheritedFlags.FlagUsagesWrapped 80 | trimTrailingWhitespaces}}{{end}}{{if .HasHelpSubCommands}}

Additional help topics:{{range .Commands}}{{if .IsAdditionalHelpTopicCommand}}
  {{rpad .CommandPath .CommandPathPadding}} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableSubCommands}}

Use "{{.CommandPath}} [command] --help" for more information about a command.{{end}}
`
