package sql

// SplitFirst returns the first statement of query, without its ';', and
// the text after that ';' (rest is empty when the statement runs to the
// end of query). It follows the engine's own rules: quotes, comments,
// DELIMITER lines and a CREATE TRIGGER body's BEGIN ... END (with nested
// blocks, END IF, END CASE) that keeps its inner ';'. Tools that split
// scripts (the shell) use it so they cut where the engine would.
func SplitFirst(query string) (stmt, rest string) {
	stmt, rest, _ = splitFirst(query)
	return stmt, rest
}
