package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"
)

// Version is the shell's version string.
const Version = "0.1.0-dev"

// HistoryFileName is the history file in the home directory.
const HistoryFileName = ".walrus_history"

const usage = `Usage: walrus [OPTIONS] [FILE] [SQL...]

Opens FILE (creating it) or, without FILE, a private in-memory database.
SQL arguments (statements or dot-commands) run in order, then walrus exits.
Without them walrus reads SQL from the terminal, or runs the script piped on
standard input.

Options:
  -demo          open the demo database (FILE, default walrus-demo.db),
                 creating and filling it on first use
  -box -table -markdown -list -tabs -csv -json -line -insert
                 output mode (default box on a terminal, else list)
  -header        show column names (default)
  -noheader      hide column names in list, csv and tabs modes
  -nullvalue T   print NULL as T
  -bail          stop at the first error (exit status 1)
  -echo          print each statement before running it
  -cmd COMMAND   run COMMAND (SQL or a dot-command) before anything else;
                 may be repeated
  -readonly      open the database read-only
  -version       print the version and exit
  -help          print this message and exit

The exit status is 1 when any statement failed.
`

// Env is what Main needs from the process; tests substitute pipes.
type Env struct {
	Driver   string // database/sql driver name
	Stdin    io.Reader
	Stdout   io.Writer
	Stderr   io.Writer
	Terminal bool   // stdin and stdout are a terminal: run interactively
	OutTTY   bool   // stdout is a terminal: default to box mode
	ErrTTY   bool   // stderr is a terminal: show progress bars
	HomeDir  string // for the history file; "" disables history
}

// ProcessEnv describes the running process with the given driver.
func ProcessEnv(driver string) Env {
	home, _ := os.UserHomeDir()
	inTTY := readline.IsTerminal(int(os.Stdin.Fd()))
	outTTY := readline.IsTerminal(int(os.Stdout.Fd()))
	return Env{
		Driver: driver, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Terminal: inTTY && outTTY, OutTTY: outTTY, ErrTTY: readline.IsTerminal(int(os.Stderr.Fd())), HomeDir: home,
	}
}

// options are the parsed command line.
type options struct {
	file      string
	haveFile  bool
	sql       []string
	cmds      []string
	mode      Mode
	headers   bool
	nullValue *string
	bail      bool
	echo      bool
	readOnly  bool
	demo      bool
	version   bool
	help      bool
}

// parseArgs reads flags (anywhere, with one or two dashes, until "--"),
// then FILE and SQL arguments.
func parseArgs(args []string) (options, error) {
	o := options{headers: true}
	var positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("option -%s needs an argument", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "box", "table", "markdown", "list", "tabs", "csv", "json", "line", "insert":
			o.mode = Mode(name)
		case "header", "headers":
			o.headers = true
		case "noheader", "noheaders":
			o.headers = false
		case "nullvalue":
			v, err := value()
			if err != nil {
				return o, err
			}
			o.nullValue = &v
		case "bail":
			o.bail = true
		case "echo":
			o.echo = true
		case "cmd":
			v, err := value()
			if err != nil {
				return o, err
			}
			o.cmds = append(o.cmds, v)
		case "readonly":
			o.readOnly = true
		case "demo":
			o.demo = true
		case "version":
			o.version = true
		case "help", "h":
			o.help = true
		default:
			return o, fmt.Errorf("unknown option %s (try -help)", a)
		}
	}
	if len(positional) > 0 {
		o.file, o.haveFile, o.sql = positional[0], true, positional[1:]
	}
	return o, nil
}

// Main runs the walrus command line and returns the exit status.
func Main(ctx context.Context, args []string, env Env) int {
	o, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "walrus: %s\n", err)
		return 2
	}
	if o.help {
		fmt.Fprint(env.Stdout, usage)
		return 0
	}
	if o.version {
		fmt.Fprintf(env.Stdout, "walrus %s\n", Version)
		return 0
	}
	interactive := env.Terminal && len(o.sql) == 0
	mode := o.mode
	if mode == "" {
		mode = ModeList
		if env.OutTTY {
			mode = ModeBox
		}
	}
	s := New(Config{
		Driver: env.Driver, Stdout: env.Stdout, Stderr: env.Stderr,
		ReadOnly: o.readOnly, Mode: mode, Headers: o.headers, Bail: o.bail, Echo: o.echo,
		Progress: env.ErrTTY,
	})
	if o.nullValue != nil {
		s.opt.nullValue = *o.nullValue
	}
	defer s.Close()

	if interactive {
		fmt.Fprintf(env.Stdout, "walrus %s. Enter .help for usage hints, Ctrl-D to exit.\n", Version)
	}
	if o.demo {
		created, err := s.OpenDemo(ctx, o.file)
		if err != nil {
			fmt.Fprintf(env.Stderr, "Error: %s\n", err)
			return 1
		}
		hintTo := env.Stderr
		if interactive {
			hintTo = env.Stdout
		}
		if created {
			fmt.Fprintf(hintTo, "Created the demo database %s.\n", describePath(s.Path()))
		}
		fmt.Fprintln(hintTo, DemoHint)
	} else if err := s.Open(ctx, o.file); err != nil {
		fmt.Fprintf(env.Stderr, "Error: %s\n", err)
		return 1
	}

	status := func(err error) int {
		if err != nil || s.Failed() {
			return 1
		}
		return 0
	}
	for _, c := range o.cmds {
		if err := s.RunCommand(ctx, c); err != nil {
			return 1
		}
	}
	if len(o.sql) > 0 {
		for _, text := range o.sql {
			if err := s.RunCommand(ctx, text); err != nil {
				return 1
			}
		}
		return status(nil)
	}
	if interactive {
		if s.Path() == "" {
			fmt.Fprintln(env.Stdout, "Connected to a transient in-memory database; use .open FILE to open a file.")
		}
		history := ""
		if env.HomeDir != "" {
			history = filepath.Join(env.HomeDir, HistoryFileName)
		}
		err := s.Interactive(ctx, history)
		if err != nil {
			fmt.Fprintf(env.Stderr, "Error: %s\n", err)
			return 1
		}
		return 0
	}
	if !o.haveFile && !o.demo {
		fmt.Fprintln(env.Stderr, "walrus: no FILE given: using a transient in-memory database")
	}
	err = s.RunReader(ctx, env.Stdin)
	if err != nil && !errors.Is(err, ErrBailed) {
		fmt.Fprintf(env.Stderr, "Error: %s\n", err)
	}
	return status(err)
}
