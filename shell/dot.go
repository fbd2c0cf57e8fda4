package shell

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// dotCommand is one dot-command: its usage line, help text and handler.
type dotCommand struct {
	name  string
	usage string
	help  string
	run   func(s *Shell, ctx context.Context, args []string) error
}

// dotCommands is sorted by name; .help prints it in this order.
var dotCommands []dotCommand

func init() {
	dotCommands = []dotCommand{
		{"backup", ".backup FILE", "write a consistent copy of the database to FILE", cmdBackup},
		{"bail", ".bail on|off", "stop after the first error", cmdBail},
		{"changes", ".changes on|off", "show the number of rows changed by each statement", cmdChanges},
		{"dump", ".dump [TABLE...]", "print SQL (MySQL dialect) that recreates the database or tables", cmdDump},
		{"durability", ".durability", "show journal_mode and synchronous and what a crash can lose", cmdDurability},
		{"echo", ".echo on|off", "print each statement before running it", cmdEcho},
		{"exit", ".exit", "leave the shell", cmdQuit},
		{"explain", ".explain [on|off]", "toggle readable (indented) EXPLAIN output", cmdExplain},
		{"headers", ".headers on|off", "show column names in list, csv and tabs modes", cmdHeaders},
		{"help", ".help", "show this message", cmdHelp},
		{"import", ".import FILE TABLE", "import CSV data into TABLE, creating it if missing", cmdImport},
		{"indexes", ".indexes [TABLE]", "list indexes, all or those of TABLE", cmdIndexes},
		{"mode", ".mode MODE [TABLE]", "set output mode: " + modeNames() + " (TABLE for insert)", cmdMode},
		{"nullvalue", ".nullvalue TEXT", "print NULL as TEXT in the human-readable modes", cmdNullValue},
		{"once", ".once FILE", "send the next statement's output to FILE", cmdOnce},
		{"open", ".open [FILE]", "close this database and open FILE (no FILE: in-memory)", cmdOpen},
		{"output", ".output [FILE]", "send output to FILE (no FILE: back to stdout)", cmdOutput},
		{"quit", ".quit", "leave the shell", cmdQuit},
		{"read", ".read FILE", "run the SQL and dot-commands in FILE", cmdRead},
		{"restore", ".restore FILE", "replace the database's content with FILE's", cmdRestore},
		{"schema", ".schema [TABLE]", "show CREATE statements, all or those of TABLE", cmdSchema},
		{"show", ".show", "show the current settings", cmdShow},
		{"stats", ".stats [on|off]", "pages read/written and fsyncs of the last statement (on: after each)", cmdStats},
		{"tables", ".tables [PATTERN]", "list tables, optionally those matching a LIKE pattern", cmdTables},
		{"timer", ".timer on|off", "show the run time of each statement", cmdTimer},
	}
}

func modeNames() string {
	names := make([]string, len(allModes))
	for i, m := range allModes {
		names[i] = string(m)
	}
	return strings.Join(names, "|")
}

// runDotCommand parses and runs one dot-command line. A failed command
// returns nil unless bail is on; .quit returns errQuit.
func (s *Shell) runDotCommand(ctx context.Context, line string) error {
	args, err := splitArgs(strings.TrimSpace(line)[1:])
	if err == nil && len(args) == 0 {
		err = errors.New("empty dot-command")
	}
	if err == nil {
		cmd := lookupDotCommand(args[0])
		if cmd == nil {
			err = fmt.Errorf("unknown command .%s (try .help)", args[0])
		} else {
			err = cmd.run(s, ctx, args[1:])
		}
	}
	if err == nil || errors.Is(err, errQuit) || errors.Is(err, ErrBailed) {
		return err // ErrBailed: a .read script stopped and already said why
	}
	s.errorf("%s", err.Error())
	if s.bail {
		return ErrBailed
	}
	return nil
}

// lookupDotCommand finds a command by its name or an unambiguous prefix.
func lookupDotCommand(name string) *dotCommand {
	var found *dotCommand
	for i := range dotCommands {
		c := &dotCommands[i]
		if c.name == name {
			return c
		}
		if strings.HasPrefix(c.name, name) {
			if found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

// splitArgs splits a dot-command line into words; '...' and "..." quote
// words with spaces.
func splitArgs(line string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("unterminated quote in dot-command")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// parseSwitch reads "on" or "off" (also 1/0, yes/no, true/false).
func parseSwitch(args []string) (bool, error) {
	if len(args) != 1 {
		return false, errors.New("expected on or off")
	}
	switch strings.ToLower(args[0]) {
	case "on", "1", "yes", "true":
		return true, nil
	case "off", "0", "no", "false":
		return false, nil
	}
	return false, fmt.Errorf("expected on or off, not %q", args[0])
}

func switchCommand(field func(s *Shell) *bool) func(s *Shell, ctx context.Context, args []string) error {
	return func(s *Shell, _ context.Context, args []string) error {
		on, err := parseSwitch(args)
		if err == nil {
			*field(s) = on
		}
		return err
	}
}

var (
	cmdBail    = switchCommand(func(s *Shell) *bool { return &s.bail })
	cmdChanges = switchCommand(func(s *Shell) *bool { return &s.changes })
	cmdEcho    = switchCommand(func(s *Shell) *bool { return &s.echo })
	cmdHeaders = switchCommand(func(s *Shell) *bool { return &s.opt.headers })
	cmdTimer   = switchCommand(func(s *Shell) *bool { return &s.timer })
)

func cmdHelp(s *Shell, _ context.Context, _ []string) error {
	width := 0
	for _, c := range dotCommands {
		width = max(width, len(c.usage))
	}
	for _, c := range dotCommands {
		fmt.Fprintf(s.out, "%-*s  %s\n", width, c.usage, c.help)
	}
	fmt.Fprintln(s.out, "SQL statements end with ';'. Ctrl-C cancels a running statement, Ctrl-D exits.")
	return nil
}

func cmdQuit(*Shell, context.Context, []string) error { return errQuit }

func cmdExplain(s *Shell, _ context.Context, args []string) error {
	if len(args) == 0 {
		s.explain = !s.explain
		fmt.Fprintf(s.out, "explain: %s\n", onOff(s.explain))
		return nil
	}
	on, err := parseSwitch(args)
	if err == nil {
		s.explain = on
	}
	return err
}

func cmdStats(s *Shell, _ context.Context, args []string) error {
	if len(args) > 0 {
		on, err := parseSwitch(args)
		if err == nil {
			s.statsOn = on
		}
		return err
	}
	if !s.haveStats {
		fmt.Fprintln(s.out, "stats: this database driver does not expose I/O counters")
		return nil
	}
	fmt.Fprintln(s.out, s.lastStats)
	return nil
}

func cmdMode(s *Shell, _ context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintf(s.out, "current output mode: %s\n", s.mode)
		return nil
	}
	m := Mode(strings.ToLower(args[0]))
	if !validMode(m) {
		return fmt.Errorf("unknown mode %q; use one of %s", args[0], modeNames())
	}
	s.mode = m
	if m == ModeInsert {
		s.opt.table = ""
		if len(args) > 1 {
			s.opt.table = args[1]
		}
	}
	return nil
}

func validMode(m Mode) bool {
	for _, x := range allModes {
		if x == m {
			return true
		}
	}
	return false
}

func cmdNullValue(s *Shell, _ context.Context, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: .nullvalue TEXT")
	}
	s.opt.nullValue = args[0]
	return nil
}

func cmdOpen(s *Shell, ctx context.Context, args []string) error {
	if len(args) > 1 {
		return errors.New("usage: .open [FILE]")
	}
	path := ""
	if len(args) == 1 {
		path = args[0]
	}
	return s.Open(ctx, path)
}

func cmdOutput(s *Shell, _ context.Context, args []string) error {
	if len(args) > 1 {
		return errors.New("usage: .output [FILE]")
	}
	path := ""
	if len(args) == 1 {
		path = args[0]
	}
	return s.setOutput(path, false)
}

func cmdOnce(s *Shell, _ context.Context, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: .once FILE")
	}
	return s.setOutput(args[0], true)
}

func cmdRead(s *Shell, ctx context.Context, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: .read FILE")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	return s.RunReader(ctx, f)
}

func cmdImport(s *Shell, ctx context.Context, args []string) error {
	if len(args) != 2 {
		return errors.New("usage: .import FILE TABLE")
	}
	n, err := s.importCSV(ctx, args[0], args[1])
	if err != nil {
		return err
	}
	s.noticef("imported %d rows into %s", n, args[1])
	return nil
}

func cmdShow(s *Shell, _ context.Context, _ []string) error {
	out := "stdout"
	if s.outFile != nil {
		out = s.outFile.Name()
	}
	settings := [][2]string{
		{"database", describePath(s.path)},
		{"readonly", onOff(s.cfg.ReadOnly)},
		{"mode", string(s.mode)},
		{"headers", onOff(s.opt.headers)},
		{"nullvalue", fmt.Sprintf("%q", s.opt.nullValue)},
		{"output", out},
		{"bail", onOff(s.bail)},
		{"changes", onOff(s.changes)},
		{"echo", onOff(s.echo)},
		{"explain", onOff(s.explain)},
		{"stats", onOff(s.statsOn)},
		{"timer", onOff(s.timer)},
	}
	for _, kv := range settings {
		fmt.Fprintf(s.out, "%10s: %s\n", kv[0], kv[1])
	}
	return nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func cmdTables(s *Shell, ctx context.Context, args []string) error {
	if len(args) > 1 {
		return errors.New("usage: .tables [PATTERN]")
	}
	objs, err := s.schemaObjects(ctx)
	if err != nil {
		return err
	}
	var names []string
	for _, o := range objs {
		if o.typ != "table" && o.typ != "view" {
			continue
		}
		if len(args) == 1 && !likeMatch(args[0], o.name) {
			continue
		}
		names = append(names, o.name)
	}
	sort.Strings(names)
	printColumns(s, names)
	return nil
}

// printColumns prints names in as many columns as fit 80 characters.
func printColumns(s *Shell, names []string) {
	if len(names) == 0 {
		return
	}
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	perLine := max(1, 80/(width+2))
	lines := (len(names) + perLine - 1) / perLine
	for l := 0; l < lines; l++ {
		var b strings.Builder
		for i := l; i < len(names); i += lines {
			fmt.Fprintf(&b, "%-*s  ", width, names[i])
		}
		fmt.Fprintln(s.out, strings.TrimRight(b.String(), " "))
	}
}

// likeMatch matches name against a SQL LIKE pattern (% and _),
// case-insensitively as .tables in SQLite does.
func likeMatch(pattern, name string) bool {
	p, n := []rune(strings.ToLower(pattern)), []rune(strings.ToLower(name))
	var match func(i, j int) bool
	match = func(i, j int) bool {
		for i < len(p) {
			switch p[i] {
			case '%':
				for k := j; k <= len(n); k++ {
					if match(i+1, k) {
						return true
					}
				}
				return false
			case '_':
				if j >= len(n) {
					return false
				}
			default:
				if j >= len(n) || n[j] != p[i] {
					return false
				}
			}
			i, j = i+1, j+1
		}
		return j == len(n)
	}
	return match(0, 0)
}

// cmdSchema prints the CREATE statements of the schema, or of one table
// (and its indexes), as .dump would write them.
func cmdSchema(s *Shell, ctx context.Context, args []string) error {
	if len(args) > 1 {
		return errors.New("usage: .schema [TABLE]")
	}
	objs, err := s.schemaObjects(ctx)
	if err != nil {
		return err
	}
	var creates []string
	for i, o := range objs {
		if o.typ == "table" {
			if objs[i].sql, err = s.createTableSQL(ctx, o); err != nil {
				return err
			}
			creates = append(creates, objs[i].sql)
		}
	}
	inline := s.inlineIndexes(ctx, creates)
	for _, o := range objs {
		if o.sql == "" || (o.typ == "index" && inline(o.name)) {
			continue
		}
		if len(args) == 1 && !strings.EqualFold(o.table, args[0]) && !likeMatch(args[0], o.table) {
			continue
		}
		fmt.Fprintln(s.out, o.sql+";")
	}
	return nil
}

func cmdIndexes(s *Shell, ctx context.Context, args []string) error {
	if len(args) > 1 {
		return errors.New("usage: .indexes [TABLE]")
	}
	objs, err := s.schemaObjects(ctx)
	if err != nil {
		return err
	}
	var names []string
	for _, o := range objs {
		if o.typ != "index" {
			continue
		}
		if len(args) == 1 && !strings.EqualFold(o.table, args[0]) && !likeMatch(args[0], o.table) {
			continue
		}
		names = append(names, o.name)
	}
	sort.Strings(names)
	printColumns(s, names)
	return nil
}

// expandHome turns a leading "~/" into the home directory.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}
