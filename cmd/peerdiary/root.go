package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"

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
	dirFlag      string // --diary
	dir          string // the diary folder, resolved before any command runs
	started      bool   // a command's own code ran (so an error is not a usage error)
	exitCode     int    // set by a command that succeeded but must exit non-zero
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
		var ce *cliError
		if !errors.As(err, &ce) {
			err = usageError(err.Error(), "run peerdiary help for the commands and their flags")
		}
	}
	if ctx.Err() != nil && !errors.Is(err, context.Canceled) {
		err = &cliError{code: exitInterrupted, msg: "interrupted", cause: err}
	}
	e := describe(err, a.dir)
	printError(sio.err, e)
	return e.code
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
			return tui.Run(a.parent, tui.Config{DiaryDir: a.dir, Now: now})
		}),
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageError(err.Error(), "run peerdiary help for the commands and their flags")
	})
	root.PersistentFlags().StringVar(&a.dirFlag, "diary", "", "the diary `folder` (default $PEERDIARY_DIR, else ~/.local/share/peerdiary)")
	// Help lists the commands in these groups, in the order added: what a
	// person does most comes first.
	groups := []struct {
		id, title string
		commands  []*cobra.Command
	}{
		{"entries", "Write and read:", []*cobra.Command{
			a.writeCommand(), a.reflectCommand(), a.listCommand(), a.showCommand(), a.editCommand(), a.deleteCommand(),
		}},
		{"reflection", "Prompts and your work:", []*cobra.Command{
			a.promptsCommand(), a.tagsCommand(), a.insightsCommand(), a.stageCommand(), a.supportsCommand(),
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

// noArgs refuses arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if !cmd.HasParent() {
			return usageError(fmt.Sprintf("unknown command %q", args[0]), "run peerdiary help to see the commands")
		}
		return usageError(fmt.Sprintf("%s takes no arguments", cmd.CommandPath()), "run "+cmd.CommandPath()+" --help")
	}
	return nil
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

// version is the module version the binary was built from, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
