package shell

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// MemoryDSN is the data source name of a private in-memory database.
const MemoryDSN = ":memory:"

// Config sets up a Shell.
type Config struct {
	Driver   string    // database/sql driver name; "walrus" in the binary, a fake in tests
	Stdout   io.Writer // results
	Stderr   io.Writer // errors and notices
	ReadOnly bool      // open databases read-only
	Mode     Mode      // initial output mode; "" means box
	Headers  bool      // initial .headers setting
	Bail     bool      // stop at the first error
	Echo     bool      // print each statement before running it
	Progress bool      // show progress bars on Stderr (it is a terminal)
}

// Shell is one interactive or scripted session over one database
// connection. It is not safe for concurrent use; a running statement is
// cancelled through its context.
type Shell struct {
	cfg    Config
	db     *sql.DB
	conn   *sql.Conn
	path   string // the open database file; "" for in-memory
	stdout io.Writer
	stderr io.Writer

	out     io.Writer // where results go: stdout or a file from .output/.once
	outFile *os.File  // the .output/.once file, closed when replaced
	once    bool      // outFile is for the next statement only

	mode      Mode
	opt       formatOptions
	timer     bool
	changes   bool
	echo      bool
	bail      bool
	explain   bool
	statsOn   bool
	lastStats ioStats
	haveStats bool // the driver exposes I/O counters

	progressMin int64 // work in bytes from which progress bars show

	failed bool // some statement or command failed
}

// New returns a shell with no database open.
func New(cfg Config) *Shell {
	if cfg.Mode == "" {
		cfg.Mode = ModeBox
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	return &Shell{
		cfg:    cfg,
		stdout: cfg.Stdout,
		stderr: cfg.Stderr,
		out:    cfg.Stdout,
		mode:   cfg.Mode,
		opt:    formatOptions{headers: cfg.Headers, nullValue: "NULL"},
		echo:   cfg.Echo,
		bail:   cfg.Bail,

		progressMin: progressMinBytes,
	}
}

// Failed reports whether any statement or command failed so far.
func (s *Shell) Failed() bool { return s.failed }

// Path is the open database file, "" for an in-memory database.
func (s *Shell) Path() string { return s.path }

// DSN returns the data source name for path ("" means in-memory).
func (s *Shell) DSN(path string) string {
	if path == "" {
		path = MemoryDSN
	}
	if s.cfg.ReadOnly {
		return path + "?mode=ro"
	}
	return path
}

// Open closes the current database, if any, and opens path ("" or
// ":memory:" for a private in-memory database), creating the file if it
// does not exist and the shell is not read-only.
func (s *Shell) Open(ctx context.Context, path string) error {
	if path == MemoryDSN {
		path = ""
	}
	db, err := sql.Open(s.cfg.Driver, s.DSN(path))
	if err != nil {
		return fmt.Errorf("open %s: %w", describePath(path), err)
	}
	// One connection: an in-memory database lives in it, and BEGIN ...
	// COMMIT typed as statements must reach the same session.
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err == nil {
		err = conn.PingContext(ctx)
	}
	if err != nil {
		db.Close()
		return fmt.Errorf("open %s: %w", describePath(path), err)
	}
	s.closeDB()
	s.db, s.conn, s.path = db, conn, path
	s.haveStats = s.readStats(ctx, &s.lastStats)
	s.lastStats = ioStats{}
	return nil
}

func describePath(path string) string {
	if path == "" {
		return "in-memory database"
	}
	return path
}

func (s *Shell) closeDB() {
	if s.conn != nil {
		s.conn.Close()
	}
	if s.db != nil {
		s.db.Close()
	}
	s.conn, s.db = nil, nil
}

// Close closes the database and any output file.
func (s *Shell) Close() error {
	s.closeDB()
	s.setOutput("", false)
	return nil
}

// errorf reports a failed command or statement.
func (s *Shell) errorf(format string, args ...any) {
	s.failed = true
	fmt.Fprintf(s.stderr, "Error: "+format+"\n", args...)
}

// noticef prints a message that is not a result (to stderr, so scripted
// output stays clean).
func (s *Shell) noticef(format string, args ...any) {
	fmt.Fprintf(s.stderr, format+"\n", args...)
}

// RunReader runs a script: SQL statements and dot-commands, one dot-command
// per line. It stops early on .quit (returning nil) and, with bail on, at the
// first error (returning ErrBailed).
func (s *Shell) RunReader(ctx context.Context, r io.Reader) error {
	br := bufio.NewReader(r)
	var sp Splitter
	for {
		line, readErr := br.ReadString('\n')
		if line != "" {
			if err := s.runLine(ctx, &sp, line); err != nil {
				if errors.Is(err, errQuit) {
					return nil
				}
				return err
			}
		}
		if readErr == io.EOF {
			break
		}
		if readErr != nil {
			return fmt.Errorf("read script: %w", readErr)
		}
	}
	for _, stmt := range sp.Finish() {
		if err := s.runStatement(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// runLine processes one input line: a dot-command when no statement is
// pending, else more SQL text.
func (s *Shell) runLine(ctx context.Context, sp *Splitter, line string) error {
	if !sp.Pending() && isDotCommand(line) {
		sp.Reset()
		return s.runDotCommand(ctx, line)
	}
	for _, stmt := range sp.Feed(line) {
		if err := s.runStatement(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

func isDotCommand(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t"), ".")
}

// RunSQL runs the statements in text (the last one may lack its ';').
func (s *Shell) RunSQL(ctx context.Context, text string) error {
	for _, stmt := range SplitStatements(text) {
		if err := s.runStatement(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// RunCommand runs one argument of the command line or -cmd: a dot-command
// or SQL text.
func (s *Shell) RunCommand(ctx context.Context, text string) error {
	if isDotCommand(text) {
		err := s.runDotCommand(ctx, text)
		if errors.Is(err, errQuit) {
			return nil
		}
		return err
	}
	return s.RunSQL(ctx, text)
}

// runStatement runs one SQL statement and prints its result. A failed
// statement returns nil unless bail is on.
func (s *Shell) runStatement(ctx context.Context, stmt string) error {
	if s.echo {
		fmt.Fprintln(s.out, stmt+";")
	}
	err := s.execute(ctx, stmt)
	if s.once {
		s.setOutput("", false)
	}
	if err != nil {
		s.reportError(stmt, err)
		if s.bail {
			return ErrBailed
		}
	}
	return nil
}

// execute runs stmt and prints its rows, changes, time and I/O counters.
func (s *Shell) execute(ctx context.Context, stmt string) error {
	if s.conn == nil {
		return errors.New("no database is open")
	}
	var before ioStats
	if s.haveStats {
		s.readStats(ctx, &before)
	}
	start := time.Now()
	var err error
	if returnsRows(stmt) {
		err = s.query(ctx, stmt)
	} else {
		var res sql.Result
		res, err = s.conn.ExecContext(ctx, stmt)
		if err == nil && s.changes {
			if n, rerr := res.RowsAffected(); rerr == nil {
				fmt.Fprintf(s.out, "changes: %d\n", n)
			}
		}
	}
	elapsed := time.Since(start)
	if s.haveStats {
		var after ioStats
		if s.readStats(ctx, &after) {
			s.lastStats = after.sub(before)
			if s.statsOn {
				fmt.Fprintln(s.out, s.lastStats)
			}
		}
	}
	if s.timer {
		fmt.Fprintf(s.out, "Run Time: %.3fs\n", elapsed.Seconds())
	}
	return err
}

// query runs a row-returning statement and streams its rows to the
// current formatter.
func (s *Shell) query(ctx context.Context, stmt string) error {
	rows, err := s.conn.QueryContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	cols := make([]column, len(names))
	types, _ := rows.ColumnTypes() // types only refine the output; names suffice
	for i, n := range names {
		dbType := ""
		if i < len(types) && types[i] != nil {
			dbType = types[i].DatabaseTypeName()
		}
		cols[i] = newColumn(n, dbType)
	}
	f := s.formatterFor(stmt)
	if len(cols) == 0 {
		return rows.Err()
	}
	if err := f.Begin(cols); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	cells := make([]cell, len(cols))
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			f.End()
			return err
		}
		for i, v := range vals {
			cells[i] = makeCell(v, cols[i])
		}
		if err := f.Row(cells); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		if n > 0 {
			f.End() // close the table the rows so far are in
		}
		return err
	}
	return f.End()
}

// formatterFor picks the formatter for a statement's result.
func (s *Shell) formatterFor(stmt string) formatter {
	if s.explain && firstKeyword(stmt) == "EXPLAIN" {
		return &explainFormatter{w: bufio.NewWriter(s.out), next: newFormatter(s.mode, s.out, s.opt)}
	}
	return newFormatter(s.mode, s.out, s.opt)
}

// returnsRows guesses from the first keyword whether a statement produces
// a result set; Query handles those, Exec the rest (so .changes works).
func returnsRows(stmt string) bool {
	switch firstKeyword(stmt) {
	case "SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "PRAGMA", "(":
		return true
	}
	return false
}

// firstKeyword returns the first word of stmt in upper case, skipping
// white space and comments; "(" for a parenthesized query.
func firstKeyword(stmt string) string {
	i := 0
	for i < len(stmt) {
		switch {
		case stmt[i] <= ' ':
			i++
		case strings.HasPrefix(stmt[i:], "/*"):
			end := strings.Index(stmt[i+2:], "*/")
			if end < 0 {
				return ""
			}
			i += end + 4
		case stmt[i] == '#' || strings.HasPrefix(stmt[i:], "-- ") || strings.HasPrefix(stmt[i:], "--\t") || strings.HasPrefix(stmt[i:], "--\n"):
			end := strings.IndexByte(stmt[i:], '\n')
			if end < 0 {
				return ""
			}
			i += end + 1
		case stmt[i] == '(':
			return "("
		default:
			j := i
			for j < len(stmt) && isWordByte(stmt[j]) {
				j++
			}
			return strings.ToUpper(stmt[i:j])
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// setOutput sends results to path ("" means stdout); once limits it to the
// next statement.
func (s *Shell) setOutput(path string, once bool) error {
	if s.outFile != nil {
		s.outFile.Close()
		s.outFile = nil
	}
	s.out, s.once = s.stdout, false
	if path == "" || path == "stdout" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	s.out, s.outFile, s.once = f, f, once
	return nil
}
