package shell

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
)

// sqlKeywords are offered by tab completion; reservedWords (a subset) are
// also quoted when they name a table or column in generated SQL.
var sqlKeywords = strings.Fields(`
ADD ALL ALTER ANALYZE AND AS ASC AUTO_INCREMENT AVG BEGIN BETWEEN BIGINT BINARY BLOB BOOLEAN BY
CASCADE CASE CAST CHAR CHECK COLLATE COLUMN COMMIT CONSTRAINT COUNT CREATE CROSS CURRENT_DATE
CURRENT_TIMESTAMP DATABASE DATE DATETIME DECIMAL DEFAULT DELETE DESC DESCRIBE DISTINCT DOUBLE DROP
ELSE END ENGINE ESCAPE EXISTS EXPLAIN FALSE FLOAT FOREIGN FROM FULL GROUP GROUP_CONCAT HAVING IF
IGNORE IN INDEX INNER INSERT INT INTEGER INTERSECT INTO IS JOIN KEY LEFT LIKE LIMIT MAX MEDIUMINT
MIN NATURAL NOT NULL NUMERIC OFFSET ON OR ORDER OUTER PRAGMA PRIMARY REAL REFERENCES RENAME REPLACE
RIGHT ROLLBACK SAVEPOINT SELECT SET SHOW SMALLINT START SUM TABLE TABLES TEXT THEN TIME TIMESTAMP
TINYINT TO TRANSACTION TRUE TRUNCATE UNION UNIQUE UNSIGNED UPDATE USING VALUES VARCHAR VIEW WHEN
WHERE WITH`)

var reservedWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ADD ALL ALTER ANALYZE AND AS ASC BETWEEN BIGINT BINARY BLOB BY
CASCADE CASE CAST CHAR CHECK COLLATE COLUMN CONSTRAINT CREATE CROSS CURRENT_DATE CURRENT_TIMESTAMP
DATABASE DECIMAL DEFAULT DELETE DESC DESCRIBE DISTINCT DOUBLE DROP ELSE EXISTS EXPLAIN FALSE FLOAT
FOREIGN FROM FULL GROUP HAVING IF IGNORE IN INDEX INNER INSERT INT INTEGER INTERSECT INTO IS JOIN KEY
KEYS LEFT LIKE LIMIT MEDIUMINT NATURAL NOT NULL NUMERIC ON OR ORDER OUTER PRIMARY RANGE READ REAL
REFERENCES RENAME REPLACE RIGHT ROW ROWS SELECT SET SHOW SMALLINT TABLE THEN TINYINT TO TRUE UNION
UNIQUE UNSIGNED UPDATE USING VALUES VARCHAR WHEN WHERE WITH`) {
		reservedWords[w] = true
	}
}

// isKeyword reports whether name must be quoted as an identifier.
func isKeyword(name string) bool { return reservedWords[strings.ToUpper(name)] }

// completer is the readline tab completer: dot-commands and their
// arguments (file names, tables, modes, on/off), SQL keywords, table names
// and column names (also after "table.").
type completer struct {
	s      *Shell
	cache  *schemaNames
	expiry time.Time
}

// schemaNames is the schema as completion needs it.
type schemaNames struct {
	tables  []string
	columns map[string][]string // lower-case table name -> column names
}

// schema returns the cached table and column names, refreshed when the
// cache is older than a second (statements may have changed the schema).
func (c *completer) schema() *schemaNames {
	if c.cache != nil && time.Now().Before(c.expiry) {
		return c.cache
	}
	names := &schemaNames{columns: map[string][]string{}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if objs, err := c.s.schemaObjects(ctx); err == nil {
		for _, o := range objs {
			if o.typ != "table" && o.typ != "view" {
				continue
			}
			names.tables = append(names.tables, o.name)
			if cols, err := c.s.tableColumns(ctx, o.name); err == nil {
				for _, col := range cols {
					names.columns[strings.ToLower(o.name)] = append(names.columns[strings.ToLower(o.name)], col.name)
				}
			}
		}
	}
	c.cache, c.expiry = names, time.Now().Add(time.Second)
	return names
}

// Do implements readline.AutoCompleter: it returns the possible endings of
// the word before pos and the length of that word.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	before := string(line[:pos])
	if strings.HasPrefix(strings.TrimLeft(before, " \t"), ".") {
		return c.dotCompletions(before)
	}
	start := pos
	for start > 0 && isCompletionRune(line[start-1]) {
		start--
	}
	word := string(line[start:pos])
	var cands []string
	if table, _, ok := strings.Cut(word, "."); ok {
		for _, name := range c.schema().columns[strings.ToLower(table)] {
			cands = append(cands, table+"."+name)
		}
	} else {
		schema := c.schema()
		cands = append(cands, schema.tables...)
		for _, cols := range schema.columns {
			cands = append(cands, cols...)
		}
		upper := word == "" || word != strings.ToLower(word)
		for _, k := range sqlKeywords {
			if !upper {
				k = strings.ToLower(k)
			}
			cands = append(cands, k)
		}
	}
	return suffixes(word, cands, true), len([]rune(word))
}

func isCompletionRune(r rune) bool {
	return r == '_' || r == '$' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// dotCompletions completes a dot-command name or its argument.
func (c *completer) dotCompletions(before string) ([][]rune, int) {
	trimmed := strings.TrimLeft(before, " \t")
	fields := strings.Fields(trimmed)
	endsInSpace := strings.HasSuffix(trimmed, " ") || strings.HasSuffix(trimmed, "\t")
	if len(fields) == 1 && !endsInSpace {
		word := fields[0]
		var cands []string
		for _, d := range dotCommands {
			cands = append(cands, "."+d.name+" ")
		}
		return suffixes(word, cands, false), len([]rune(word))
	}
	word := ""
	if !endsInSpace {
		word = fields[len(fields)-1]
	}
	argIndex := len(fields) - 1 // 1-based index of the argument being typed
	if endsInSpace {
		argIndex++
	}
	cmd := lookupDotCommand(strings.TrimPrefix(fields[0], "."))
	if cmd == nil {
		return nil, 0
	}
	var cands []string
	switch cmd.name {
	case "open", "read", "output", "once", "backup", "restore":
		return fileCompletions(word)
	case "import":
		if argIndex == 1 {
			return fileCompletions(word)
		}
		cands = c.schema().tables
	case "schema", "indexes", "dump", "tables":
		cands = c.schema().tables
	case "mode":
		for _, m := range allModes {
			cands = append(cands, string(m))
		}
	case "bail", "changes", "echo", "headers", "timer", "explain", "stats":
		cands = []string{"on", "off"}
	}
	return suffixes(word, cands, false), len([]rune(word))
}

// fileCompletions lists the files and directories that start with word;
// directories end in '/'.
func fileCompletions(word string) ([][]rune, int) {
	dir, base := filepath.Split(word)
	readDir := expandHome(dir)
	if readDir == "" {
		readDir = "."
	}
	entries, err := os.ReadDir(readDir)
	if err != nil {
		return nil, 0
	}
	var out [][]rune
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		out = append(out, []rune(name[len(base):]))
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i]) < string(out[j]) })
	return out, len([]rune(base))
}

// suffixes returns, sorted and without duplicates, what completes word
// to each candidate that starts with it.
func suffixes(word string, cands []string, foldCase bool) [][]rune {
	seen := map[string]bool{}
	var out []string
	for _, cand := range cands {
		ok := strings.HasPrefix(cand, word)
		if !ok && foldCase {
			ok = len(cand) >= len(word) && strings.EqualFold(cand[:len(word)], word)
		}
		if !ok || cand == word {
			continue
		}
		rest := cand[len(word):]
		if !seen[rest] {
			seen[rest] = true
			out = append(out, rest)
		}
	}
	sort.Strings(out)
	runes := make([][]rune, len(out))
	for i, o := range out {
		runes[i] = []rune(o)
	}
	return runes
}
