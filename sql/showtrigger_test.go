package sql

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTriggerDumpText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW PRECEDES b SET NEW.x = 1",
			"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW SET NEW.x = 1"},
		{"CREATE TRIGGER a AFTER UPDATE ON t FOR EACH ROW FOLLOWS `main`.`b` BEGIN SET @x = 1; END",
			"CREATE TRIGGER a AFTER UPDATE ON t FOR EACH ROW BEGIN SET @x = 1; END"},
		{"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW SET NEW.follows = 1",
			"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW SET NEW.follows = 1"},
		{"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW INSERT INTO u VALUES ('FOR EACH ROW PRECEDES x')",
			"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW INSERT INTO u VALUES ('FOR EACH ROW PRECEDES x')"},
		{"CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW PRECEDES", "CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW PRECEDES"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, TriggerDumpText(tt.in), tt.in)
	}
}
