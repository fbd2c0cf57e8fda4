package shell

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSplitTriggersAndDelimiter checks that a CREATE TRIGGER body keeps its
// inner ';' and that DELIMITER lines change the terminator, on whole texts
// and fed one byte at a time.
func TestSplitTriggersAndDelimiter(t *testing.T) {
	trig := "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = 1;\n  IF NEW.b > 0 THEN SET NEW.b = 0; END IF;\nEND"
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"trigger body kept whole", trig + ";\nSELECT 1;", []string{trig, "SELECT 1"}},
		{"trigger with CASE", "CREATE TRIGGER tr AFTER UPDATE ON t FOR EACH ROW BEGIN CASE WHEN 1 THEN SET @x = 1; END CASE; SET @y = CASE 1 WHEN 1 THEN 2 END; END; SELECT 2;",
			[]string{"CREATE TRIGGER tr AFTER UPDATE ON t FOR EACH ROW BEGIN CASE WHEN 1 THEN SET @x = 1; END CASE; SET @y = CASE 1 WHEN 1 THEN 2 END; END", "SELECT 2"}},
		{"single statement trigger", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1; SELECT 3;",
			[]string{"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1", "SELECT 3"}},
		{"trigger word in a string", "SELECT 'trigger begin'; SELECT 4;", []string{"SELECT 'trigger begin'", "SELECT 4"}},
		{"delimiter", "DELIMITER //\n" + trig + "//\nSELECT 1; SELECT 2//\nDELIMITER ;\nSELECT 5;",
			[]string{trig, "SELECT 1; SELECT 2", "SELECT 5"}},
		{"delimiter lower case, two chars", "delimiter $$\nSELECT 1$$ SELECT 2 $$\n", []string{"SELECT 1", "SELECT 2"}},
		{"delimiter inside a string", "DELIMITER ;;\nSELECT ';;' ;;\n", []string{"SELECT ';;'"}},
		{"delimiter at the end without newline", "DELIMITER //\nSELECT 1//\nDELIMITER ;", []string{"SELECT 1"}},
		{"word delimiter as a column", "SELECT delimiter FROM t;", []string{"SELECT delimiter FROM t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, SplitStatements(tt.in))
			var sp Splitter
			var got []string
			for i := 0; i < len(tt.in); i++ {
				got = append(got, sp.Feed(tt.in[i:i+1])...)
			}
			got = append(got, sp.Finish()...)
			assert.Equal(t, tt.want, got, "fed byte by byte")
		})
	}
}
