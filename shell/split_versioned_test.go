package shell

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSplitVersionedComments: MySQL's /*!...*/ holds code, so a statement
// written entirely inside one (mariadb-dump's views, triggers and session
// settings) is kept, also when the input arrives a byte at a time.
func TestSplitVersionedComments(t *testing.T) {
	in := "/*!40101 SET NAMES utf8mb4 */;\n/* only a comment */;\n" +
		"/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50001 VIEW v AS SELECT 1 */;\n/*!*/;"
	want := []string{"/*!40101 SET NAMES utf8mb4 */", "/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50001 VIEW v AS SELECT 1 */", "/*!*/"}
	assert.Equal(t, want, SplitStatements(in))
	var s Splitter
	var got []string
	for i := range len(in) {
		got = append(got, s.Feed(in[i:i+1])...)
	}
	assert.Equal(t, want, append(got, s.Finish()...))
}
