package shell

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// pageCopier is what .backup looks for on the driver's connection (reached
// through sql.Conn.Raw): a copy of the database file, every page as of one
// read transaction, while other connections may write.
type pageCopier interface {
	BackupTo(ctx context.Context, w io.Writer) (pages int64, err error)
}

// cmdBackup writes a consistent copy of the open database to FILE (B1).
func cmdBackup(s *Shell, ctx context.Context, args []string) error {
	args = withoutMainSchema(args)
	if len(args) != 1 {
		return errors.New("usage: .backup FILE")
	}
	path := expandHome(args[0])
	pages, err := s.backup(ctx, path)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	s.noticef("backed up %d pages to %s", pages, path)
	return nil
}

// backup copies the database page by page into a temporary file next to
// path, syncs it and renames it over path, so path holds either its old
// content or the whole copy. A path with a rollback journal or WAL beside
// it may be a database in use and is refused: the journal would be rolled
// back into the copy.
func (s *Shell) backup(ctx context.Context, path string) (int64, error) {
	if s.conn == nil {
		return 0, errors.New("no database is open")
	}
	if s.isOpenFile(path) {
		return 0, errors.New("that is the open database")
	}
	for _, suffix := range []string{"-journal", "-wal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			return 0, fmt.Errorf("%s exists: the file may be a database in use; remove it or pick another name", path+suffix)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".backup-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	var pages int64
	err = s.conn.Raw(func(dc any) error {
		c, ok := dc.(pageCopier)
		if !ok {
			return errors.New("this database driver cannot copy a database")
		}
		bw := bufio.NewWriterSize(tmp, 1<<16)
		var err error
		if pages, err = c.BackupTo(ctx, bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, err
	}
	return pages, syncDir(filepath.Dir(path))
}

// withoutMainSchema drops the schema name of sqlite3's ".backup main FILE"
// form: walrus has only the main database.
func withoutMainSchema(args []string) []string {
	if len(args) == 2 && args[0] == "main" {
		return args[1:]
	}
	return args
}

// isOpenFile reports whether path names the open database file.
func (s *Shell) isOpenFile(path string) bool {
	if s.path == "" {
		return false
	}
	a, err1 := os.Stat(path)
	b, err2 := os.Stat(s.path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// cmdRestore replaces the open database's content with FILE's (B2).
func cmdRestore(s *Shell, ctx context.Context, args []string) error {
	args = withoutMainSchema(args)
	if len(args) != 1 {
		return errors.New("usage: .restore FILE")
	}
	path := expandHome(args[0])
	if err := s.restore(ctx, path); err != nil {
		return fmt.Errorf("restore from %s: %w", path, err)
	}
	s.noticef("restored %s", describePath(s.path))
	return nil
}

// restore copies FILE's tables, rows, indexes and views, user_version and
// application_id into the open database in one transaction, replacing what
// it held: it drops the open database's views and tables, then runs FILE's
// dump (read through a second, read-only connection). It fails without
// changing anything when any statement fails.
func (s *Shell) restore(ctx context.Context, path string) (err error) {
	if s.conn == nil {
		return errors.New("no database is open")
	}
	if s.isOpenFile(path) {
		return errors.New("that is the open database")
	}
	if _, err := os.Stat(path); err != nil {
		return err
	}
	src := New(Config{Driver: s.cfg.Driver, ReadOnly: true, Stdout: io.Discard, Stderr: io.Discard})
	if err := src.Open(ctx, path); err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.schemaObjects(ctx); err != nil {
		return err // not a database, or unreadable: fail before touching ours
	}
	drops, err := s.dropStatements(ctx)
	if err != nil {
		return err
	}
	var meta []string // the header fields applications set, which no dump carries
	for _, name := range []string{"user_version", "application_id"} {
		v, err := src.pragmaText(ctx, name)
		if err != nil {
			return err
		}
		meta = append(meta, fmt.Sprintf("PRAGMA %s = %s", name, v))
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	for _, d := range drops {
		if _, err := s.conn.ExecContext(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	pr, pw := io.Pipe()
	dumped := make(chan error, 1)
	go func() {
		err := src.dumpObjects(ctx, pw, nil)
		pw.CloseWithError(err)
		dumped <- err
	}()
	err = s.execStream(ctx, pr)
	pr.CloseWithError(errors.New("restore stopped")) // unblocks the dump on failure
	if derr := <-dumped; err == nil {
		err = derr
	}
	if err != nil {
		return err
	}
	for _, m := range meta {
		if _, err = s.conn.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("%s: %w", m, err)
		}
	}
	_, err = s.conn.ExecContext(ctx, "COMMIT")
	return err
}

// dropStatements returns DROP statements for the open database's views and
// tables: views first, tables newest first, so a table is dropped before
// the tables its foreign keys reference.
func (s *Shell) dropStatements(ctx context.Context) ([]string, error) {
	objs, err := s.schemaObjects(ctx)
	if err != nil {
		return nil, err
	}
	var views, tables []string
	for _, o := range objs {
		switch o.typ {
		case "view":
			views = append(views, "DROP VIEW "+quoteIdent(o.name))
		case "table":
			tables = append([]string{"DROP TABLE " + quoteIdent(o.name)}, tables...)
		}
	}
	return append(views, tables...), nil
}

// execStream runs the statements read from r on the session's connection
// and returns the first error.
func (s *Shell) execStream(ctx context.Context, r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	var sp Splitter
	run := func(stmts []string) error {
		for _, st := range stmts {
			if _, err := s.conn.ExecContext(ctx, st); err != nil {
				return fmt.Errorf("%s: %w", abbreviate(st, 60), err)
			}
		}
		return nil
	}
	for {
		line, readErr := br.ReadString('\n')
		if err := run(sp.Feed(line)); err != nil {
			return err
		}
		if readErr == io.EOF {
			return run(sp.Finish())
		}
		if readErr != nil {
			return readErr
		}
	}
}

// abbreviate shortens a statement for an error message.
func abbreviate(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n]) + "..."
}
