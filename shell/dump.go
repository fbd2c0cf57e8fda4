package shell

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	walsql "github.com/walrusdb/walrus/sql"
)

// dumpBatchRows is how many rows one INSERT statement of a dump carries.
const dumpBatchRows = 100

// The text around a dump. The /*!NNNNN ... */ statements run only in
// MySQL-family servers (walrus reads them as comments): the text is UTF-8,
// and rows may reference rows that come later (a table referencing
// itself), as in mysqldump's output.
const (
	dumpHeader = "-- walrus dump (MySQL dialect)\n" +
		"/*!40101 SET NAMES utf8mb4 */;\n" +
		"/*!40014 SET FOREIGN_KEY_CHECKS=0 */;\n" +
		"START TRANSACTION;\n"
	dumpFooter = "COMMIT;\n" +
		"/*!40014 SET FOREIGN_KEY_CHECKS=1 */;\n"
)

// binaryCollation is the table option that gives a MySQL-family server
// walrus's text semantics: UTF-8, compared and indexed byte by byte.
const binaryCollation = "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"

// withBinaryCollation appends binaryCollation to a CREATE TABLE statement
// that names no character set or collation after its column list, so a
// server whose default collation ignores case (MariaDB's) neither rejects
// 'a' and 'A' as duplicate keys nor orders text differently.
func withBinaryCollation(create string) string {
	end := strings.LastIndexByte(create, ')')
	if end < 0 {
		return create
	}
	opts := strings.ToUpper(create[end:])
	if strings.Contains(opts, "CHARSET") || strings.Contains(opts, "CHARACTER") || strings.Contains(opts, "COLLATE") {
		return create
	}
	return create + " " + binaryCollation
}

func cmdDump(s *Shell, ctx context.Context, args []string) error {
	return s.dump(ctx, s.out, args)
}

// dump writes MySQL-dialect SQL that recreates the database, or only the
// named tables: CREATE TABLE statements in creation order (so referenced
// tables come first), each followed by its rows as multi-row INSERTs, then
// the indexes the CREATE TABLE statements do not make themselves, then
// views, then triggers (between DELIMITER lines), all in one transaction. Feeding the output into an empty database
// gives the same tables, rows, indexes and views.
func (s *Shell) dump(ctx context.Context, w io.Writer, tables []string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(dumpHeader)
	if err := s.dumpObjects(ctx, bw, tables); err != nil {
		return err
	}
	bw.WriteString(dumpFooter)
	return bw.Flush()
}

// dumpObjects writes the statements of a dump, all read in one
// transaction, without the enclosing START TRANSACTION and COMMIT.
func (s *Shell) dumpObjects(ctx context.Context, w io.Writer, tables []string) error {
	// One snapshot while others write: a transaction of the dump's own.
	// BEGIN fails when the session already has one, which is as good.
	if s.conn != nil {
		if _, err := s.conn.ExecContext(ctx, "BEGIN"); err == nil {
			defer s.conn.ExecContext(context.WithoutCancel(ctx), "COMMIT")
		}
	}
	objs, err := s.schemaObjects(ctx)
	if err != nil {
		return err
	}
	wanted := func(table string) bool {
		if len(tables) == 0 {
			return true
		}
		for _, t := range tables {
			if strings.EqualFold(t, table) || likeMatch(t, table) {
				return true
			}
		}
		return false
	}
	creates := map[string]string{} // table -> CREATE TABLE
	var allCreates []string
	for _, o := range objs {
		if o.typ == "table" {
			create, err := s.createTableSQL(ctx, o)
			if err != nil {
				return err
			}
			creates[o.name] = create
			allCreates = append(allCreates, create)
		}
	}
	inline := s.inlineIndexes(ctx, allCreates)

	bw := bufio.NewWriter(w)
	var later []string // indexes, then views
	for _, o := range objs {
		if !wanted(o.table) {
			continue
		}
		switch o.typ {
		case "table":
			fmt.Fprintf(bw, "%s;\n", withBinaryCollation(creates[o.name]))
			if err := s.dumpRows(ctx, bw, o.name); err != nil {
				return err
			}
		case "index":
			if o.sql != "" && !inline(o.name) {
				later = append(later, o.sql)
			}
		}
	}
	for _, o := range objs {
		if o.typ == "view" && wanted(o.table) && o.sql != "" {
			later = append(later, o.sql)
		}
	}
	for _, text := range later {
		fmt.Fprintf(bw, "%s;\n", text)
	}
	// Triggers last, so that loading the rows fires none, in the
	// catalog's order (their firing order). A body's ';' would end the
	// statement in the mysql client, hence DELIMITER as mysqldump writes.
	var trigs []string
	for _, o := range objs {
		if o.typ == "trigger" && wanted(o.table) && o.sql != "" {
			trigs = append(trigs, walsql.TriggerDumpText(o.sql))
		}
	}
	if len(trigs) > 0 {
		bw.WriteString("DELIMITER ;;\n")
		for _, text := range trigs {
			fmt.Fprintf(bw, "%s;;\n", text)
		}
		bw.WriteString("DELIMITER ;\n")
	}
	return bw.Flush()
}

// inlineIndexes returns a test for the indexes that the CREATE TABLE
// statements make themselves (KEY and INDEX clauses), which a dump must
// not create again. It runs the statements in a scratch in-memory
// database and reads back the index names, so it follows the engine's
// naming of unnamed keys. If that fails, it falls back to looking for
// "KEY name" or "INDEX name" in the text.
func (s *Shell) inlineIndexes(ctx context.Context, creates []string) func(name string) bool {
	byText := func(name string) bool { return definesIndex(creates, name) }
	if len(creates) == 0 {
		return byText
	}
	db, err := sql.Open(s.cfg.Driver, MemoryDSN)
	if err != nil {
		return byText
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, c := range creates {
		if _, err := db.ExecContext(ctx, c); err != nil {
			return byText
		}
	}
	rows, err := db.QueryContext(ctx, "SELECT name, `sql` FROM sqlite_schema WHERE type = 'index'")
	if err != nil {
		return byText
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var name string
		var text sql.NullString
		if err := rows.Scan(&name, &text); err != nil {
			return byText
		}
		if text.Valid {
			names[strings.ToLower(name)] = true
		}
	}
	if rows.Err() != nil {
		return byText
	}
	return func(name string) bool { return names[strings.ToLower(name)] }
}

// createTableSQL returns the statement that creates a table: the MySQL
// text from the walrus catalog; for files without one, SHOW CREATE
// TABLE's when the engine answers it (the MySQL text, with foreign keys and
// defaults), else the DDL in sqlite_schema. That text is MySQL except that
// the rowid column reads "INTEGER PRIMARY KEY [AUTOINCREMENT]", which MySQL
// would take as a 32-bit INT: the column's declared type (PRAGMA
// table_info) goes back in its place.
func (s *Shell) createTableSQL(ctx context.Context, o schemaObject) (string, error) {
	if o.mysql {
		return o.sql, nil
	}
	var name, create string
	err := s.conn.QueryRowContext(ctx, "SHOW CREATE TABLE "+quoteIdent(o.name)).Scan(&name, &create)
	if err == nil && create != "" {
		return strings.TrimSpace(create), nil
	}
	if o.sql == "" {
		return "", fmt.Errorf("dump: table %s has no CREATE statement in sqlite_schema", o.name)
	}
	ddl := strings.ReplaceAll(strings.TrimSpace(o.sql), " INTEGER PRIMARY KEY AUTOINCREMENT", " INTEGER PRIMARY KEY AUTO_INCREMENT")
	cols, err := s.tableColumns(ctx, o.name)
	if err != nil {
		return "", fmt.Errorf("dump: %w", err)
	}
	for _, c := range cols {
		if c.pk != 1 || c.typ == "" {
			continue
		}
		for _, quoted := range []string{"`" + strings.ReplaceAll(c.name, "`", "``") + "`", c.name} {
			old := quoted + " INTEGER PRIMARY KEY"
			if strings.Contains(ddl, old) {
				ddl = strings.Replace(ddl, old, quoted+" "+c.typ+" PRIMARY KEY", 1)
				break
			}
		}
	}
	return ddl, nil
}

// definesIndex reports whether one of the CREATE TABLE texts has a
// "KEY name" or "INDEX name" clause (name quoted or not).
func definesIndex(creates []string, name string) bool {
	for _, t := range creates {
		words := strings.FieldsFunc(t, func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '(' || r == ',' || r == ')'
		})
		for i := 1; i < len(words); i++ {
			prev := strings.ToUpper(words[i-1])
			if (prev == "KEY" || prev == "INDEX") && strings.EqualFold(strings.Trim(words[i], "`"), name) {
				return true
			}
		}
	}
	return false
}

// dumpRows writes the rows of table as INSERT statements of up to
// dumpBatchRows rows each.
func (s *Shell) dumpRows(ctx context.Context, w *bufio.Writer, table string) error {
	rows, err := s.conn.QueryContext(ctx, "SELECT * FROM "+quoteIdent(table))
	if err != nil {
		return fmt.Errorf("dump %s: %w", table, err)
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("dump %s: %w", table, err)
	}
	types, _ := rows.ColumnTypes() // types only refine literals
	cols := make([]column, len(names))
	quoted := make([]string, len(names))
	for i, n := range names {
		dbType := ""
		if i < len(types) && types[i] != nil {
			dbType = types[i].DatabaseTypeName()
		}
		cols[i] = newColumn(n, dbType)
		quoted[i] = quoteIdent(n)
	}
	prefix := fmt.Sprintf("INSERT INTO %s (%s) VALUES\n", quoteIdent(table), strings.Join(quoted, ","))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	inBatch := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("dump %s: %w", table, err)
		}
		if inBatch == 0 {
			w.WriteString(prefix)
		} else {
			w.WriteString(",\n")
		}
		w.WriteByte('(')
		for i, v := range vals {
			if i > 0 {
				w.WriteByte(',')
			}
			w.WriteString(sqlLiteral(makeCell(v, cols[i])))
		}
		w.WriteByte(')')
		inBatch++
		if inBatch == dumpBatchRows {
			w.WriteString(";\n")
			inBatch = 0
		}
	}
	if inBatch > 0 {
		w.WriteString(";\n")
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dump %s: %w", table, err)
	}
	return nil
}
