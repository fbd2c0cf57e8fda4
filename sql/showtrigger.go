package sql

import (
	"context"
	"sort"
	"strings"

	"github.com/walrusdb/walrus/vm"
)

// Trigger introspection: SHOW TRIGGERS, SHOW CREATE TRIGGER and
// information_schema.TRIGGERS, built from the parsed catalog triggers
// (sch.trigs). walrus keeps no creation time, definer or per-trigger
// sql_mode: Created is NULL, the definer is CURRENT_USER()'s and the
// sql_mode is the default one, as for a trigger MySQL upgraded from an
// old version.

const triggerDefiner = "walrus@localhost"

var timingNames = [...]string{"BEFORE", "AFTER"}

// triggerInfo is one trigger with its place among the triggers of the same
// table, time and event (MySQL's ACTION_ORDER, from 1).
type triggerInfo struct {
	*trigger
	order int
}

// sortedTriggers lists the triggers by table, event, time and firing
// order, the order MySQL lists them in.
func (sch *schema) sortedTriggers() []triggerInfo {
	var out []triggerInfo
	for _, list := range sch.trigs {
		seen := map[[2]int]int{}
		for _, tr := range list {
			k := [2]int{int(tr.Event), int(tr.Timing)}
			seen[k]++
			out = append(out, triggerInfo{tr, seen[k]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case !strings.EqualFold(a.Table, b.Table):
			return lower(a.Table) < lower(b.Table)
		case a.Event != b.Event:
			return a.Event < b.Event
		case a.Timing != b.Timing:
			return a.Timing < b.Timing
		}
		return a.order < b.order
	})
	return out
}

// action is the body's text as written (the whole CREATE text for a
// stored trigger that no longer parses).
func (tr *trigger) action() string {
	if tr.Action == "" {
		return tr.text
	}
	return tr.Action
}

var triggerCols = vcols("TRIGGER_CATALOG TRIGGER_SCHEMA TRIGGER_NAME EVENT_MANIPULATION EVENT_OBJECT_CATALOG " +
	"EVENT_OBJECT_SCHEMA EVENT_OBJECT_TABLE ACTION_ORDER:i ACTION_CONDITION ACTION_STATEMENT ACTION_ORIENTATION " +
	"ACTION_TIMING ACTION_REFERENCE_OLD_TABLE ACTION_REFERENCE_NEW_TABLE ACTION_REFERENCE_OLD_ROW " +
	"ACTION_REFERENCE_NEW_ROW CREATED SQL_MODE DEFINER CHARACTER_SET_CLIENT COLLATION_CONNECTION DATABASE_COLLATION")

// triggersRows are the rows of information_schema.TRIGGERS.
func triggersRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, tr := range sch.sortedTriggers() {
		cond := vm.Null()
		if tr.When != "" { // SQLite's WHEN; MySQL has none
			cond = vm.Text(tr.When)
		}
		rows = append(rows, []vm.Value{vm.Text("def"), vm.Text(databaseName), vm.Text(tr.Name),
			vm.Text(eventNames[tr.Event]), vm.Text("def"), vm.Text(databaseName), vm.Text(tr.Table),
			vm.Int(int64(tr.order)), cond, vm.Text(tr.action()), vm.Text("ROW"), vm.Text(timingNames[tr.Timing]),
			vm.Null(), vm.Null(), vm.Text("OLD"), vm.Text("NEW"), vm.Null(), vm.Text(defaultSQLMode.String()),
			vm.Text(triggerDefiner), vm.Text("utf8mb4"), vm.Text("utf8mb4_bin"), vm.Text("utf8mb4_bin")})
	}
	return rows
}

// showTriggersRows are the rows of SHOW TRIGGERS: Trigger Event Table
// Statement Timing Created sql_mode Definer character_set_client
// collation_connection Database Collation.
func showTriggersRows(sch *schema) [][]vm.Value {
	var rows [][]vm.Value
	for _, r := range triggersRows(sch) {
		rows = append(rows, []vm.Value{r[2], r[3], r[6], r[9], r[11], r[16], r[17], r[18], r[19], r[20], r[21]})
	}
	return rows
}

// showCreateTriggerStmt is SHOW CREATE TRIGGER [schema.]name, which TiDB's
// grammar lacks.
type showCreateTriggerStmt struct{ Name string }

func (*showCreateTriggerStmt) frontStmt() {}

// parseShowTrigger returns nil for a SHOW statement that is not SHOW
// CREATE TRIGGER.
func parseShowTrigger(stmt string, toks []token) (frontStmt, error) {
	if len(toks) < 3 || toks[1].quoted || toks[1].up != "CREATE" || toks[2].quoted || toks[2].up != "TRIGGER" {
		return nil, nil
	}
	name, n := qualifiedName(toks[3:])
	if n == 0 || 3+n != len(toks) {
		return nil, syntaxAt(stmt, len(stmt), "SHOW CREATE TRIGGER name")
	}
	if n == 3 {
		if err := checkDB(toks[3].text); err != nil {
			return nil, err
		}
	}
	return &showCreateTriggerStmt{Name: name}, nil
}

var showCreateTriggerCols = []vcol{{"Trigger", textType}, {"sql_mode", textType}, {"SQL Original Statement", textType},
	{"character_set_client", textType}, {"collation_connection", textType}, {"Database Collation", textType},
	{"Created", textType}}

// compileShowCreateTrigger sets up s to answer SHOW CREATE TRIGGER.
func (s *Stmt) compileShowCreateTrigger(f *showCreateTriggerStmt) {
	names := make([]string, len(showCreateTriggerCols))
	for i, c := range showCreateTriggerCols {
		names[i] = c.name
		s.cols = append(s.cols, Column{Name: c.name})
	}
	s.run = func(ctx context.Context, st *Stmt, _ []vm.Value) (*nativeResult, error) {
		c := st.conn
		var row []vm.Value
		err := c.withSchema(ctx, func() error {
			for _, tr := range c.sch.trigs[lower(c.sch.triggers[lower(f.Name)])] {
				if strings.EqualFold(tr.Name, f.Name) {
					row = []vm.Value{vm.Text(tr.Name), vm.Text(defaultSQLMode.String()), vm.Text(tr.text),
						vm.Text("utf8mb4"), vm.Text("utf8mb4_bin"), vm.Text("utf8mb4_bin"), vm.Null()}
				}
			}
			if row == nil {
				return errorf(CodeGeneric, "Trigger does not exist")
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		return &nativeResult{cols: names, rows: [][]vm.Value{row}}, nil
	}
}

// TriggerDumpText returns a stored CREATE TRIGGER text without its
// FOLLOWS or PRECEDES clause: a dump recreates the triggers in firing
// order, where the clause could name a trigger not created yet. Other
// text comes back unchanged.
func TriggerDumpText(text string) string {
	toks, ok := frontTokens(text)
	if !ok {
		return text
	}
	for i := 3; i < len(toks); i++ {
		t := toks[i]
		if t.quoted || t.up != "FOLLOWS" && t.up != "PRECEDES" || toks[i-1].quoted || toks[i-1].up != "ROW" || toks[i-2].up != "EACH" {
			continue
		}
		_, n := qualifiedName(toks[i+1:])
		if n == 0 {
			return text
		}
		end := len(text)
		if i+1+n < len(toks) {
			end = toks[i+1+n].pos
		}
		return strings.TrimRight(text[:t.pos], " \t\r\n") + " " + text[end:]
	}
	return text
}
