package sql

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/walrusdb/walrus/vm"
)

// Session state: what SET changes and @@ / @ read (doc.go, "MySQL
// compatibility surface"). walrus has no server, so there are no GLOBAL
// values: SET GLOBAL is refused and @@GLOBAL.x reads the default.

// ServerVersion is what VERSION() and @@version report: a MySQL 8.0
// version, so that ORMs pick their MySQL 8 code paths (never "MariaDB").
const ServerVersion = "8.0.36-walrus-0.1"

// databaseName is the one database walrus has (DATABASE(), SHOW DATABASES,
// information_schema.*.TABLE_SCHEMA).
const databaseName = "main"

// session is one connection's variables.
type session struct {
	user map[string]vm.Value // @name, lower-case keys
	vars map[string]vm.Value // @@name values that differ from the default
	// autocommit is false after SET autocommit=0: every statement then
	// runs in a transaction opened implicitly and ended by COMMIT/ROLLBACK.
	autocommit bool
	// implicitTx is set while the open transaction was opened by autoBegin.
	implicitTx bool
	mode       sqlMode
	// show holds the rows of a SHOW while its LIKE/WHERE filter compiles.
	show *showResult
	last lastResult // LAST_INSERT_ID(), ROW_COUNT() (lastresult.go)
}

func (c *Conn) session() *session {
	if c.sess == nil {
		c.sess = &session{user: map[string]vm.Value{}, vars: map[string]vm.Value{}, autocommit: true,
			mode: defaultSQLMode}
	}
	return c.sess
}

// sysVar describes a system variable. set checks and normalises a new
// value; nil means the variable is read-only.
type sysVar struct {
	def vm.Value
	set func(s *session, v vm.Value) (vm.Value, error)
}

var sysVars map[string]*sysVar

func init() {
	ro := func(v vm.Value) *sysVar { return &sysVar{def: v} }
	str := func(v string) *sysVar { return &sysVar{def: vm.Text(v)} }
	num := func(n int64) *sysVar { return &sysVar{def: vm.Int(n)} }
	boolean := func(def bool) *sysVar { return &sysVar{def: vm.Bool(def), set: setBool} }
	anyInt := func(n int64) *sysVar { return &sysVar{def: vm.Int(n), set: setUint} }
	charset := &sysVar{def: vm.Text("utf8mb4"), set: setCharset}
	collation := &sysVar{def: vm.Text("utf8mb4_bin"), set: setCollation}
	isolation := &sysVar{def: vm.Text("SERIALIZABLE"), set: setIsolation}
	sysVars = map[string]*sysVar{
		"version":                       str(ServerVersion),
		"version_comment":               str("walrus embedded database"),
		"version_compile_os":            str("Linux"),
		"version_compile_machine":       str("x86_64"),
		"innodb_version":                str("8.0.36"),
		"protocol_version":              num(10),
		"hostname":                      str("localhost"),
		"port":                          num(0),
		"autocommit":                    {def: vm.Int(1), set: setAutocommit},
		"sql_mode":                      {def: vm.Text(defaultSQLMode.String()), set: setSQLMode},
		"transaction_isolation":         isolation,
		"tx_isolation":                  isolation,
		"transaction_read_only":         {def: vm.Int(0), set: setFalseOnly},
		"tx_read_only":                  {def: vm.Int(0), set: setFalseOnly},
		"max_allowed_packet":            num(67108864),
		"net_buffer_length":             num(16384),
		"character_set_client":          charset,
		"character_set_connection":      charset,
		"character_set_results":         {def: vm.Text("utf8mb4"), set: setResultsCharset},
		"character_set_database":        ro(vm.Text("utf8mb4")),
		"character_set_server":          ro(vm.Text("utf8mb4")),
		"character_set_system":          ro(vm.Text("utf8mb3")),
		"character_set_filesystem":      ro(vm.Text("binary")),
		"collation_connection":          collation,
		"collation_database":            ro(vm.Text("utf8mb4_bin")),
		"collation_server":              ro(vm.Text("utf8mb4_bin")),
		"default_collation_for_utf8mb4": ro(vm.Text("utf8mb4_bin")),
		"time_zone":                     {def: vm.Text("SYSTEM"), set: setTimeZone},
		"system_time_zone":              str("UTC"),
		// Table names are stored as given and compared case-insensitively.
		"lower_case_table_names":          num(2),
		"lower_case_file_system":          ro(vm.Int(0)),
		"foreign_key_checks":              boolean(true),
		"unique_checks":                   boolean(true),
		"sql_notes":                       boolean(true),
		"sql_warnings":                    boolean(false),
		"sql_quote_show_create":           boolean(true),
		"sql_safe_updates":                {def: vm.Int(0), set: setFalseOnly},
		"sql_auto_is_null":                {def: vm.Int(0), set: setFalseOnly},
		"sql_big_selects":                 boolean(true),
		"sql_log_bin":                     boolean(true),
		"sql_select_limit":                {def: vm.Uint(1<<64 - 1), set: setMaxOnly},
		"note_verbosity":                  anyInt(0),
		"big_tables":                      boolean(false),
		"auto_increment_increment":        {def: vm.Int(1), set: setOneOnly},
		"auto_increment_offset":           {def: vm.Int(1), set: setOneOnly},
		"div_precision_increment":         num(4),
		"group_concat_max_len":            num(1024),
		"explicit_defaults_for_timestamp": ro(vm.Int(1)),
		"default_storage_engine":          str("InnoDB"),
		"storage_engine":                  str("InnoDB"),
		"have_ssl":                        str("DISABLED"),
		"license":                         str("Apache-2.0"),
		"init_connect":                    str(""),
		"performance_schema":              ro(vm.Int(0)),
		"query_cache_size":                num(0),
		"query_cache_type":                str("OFF"),
		"wait_timeout":                    anyInt(28800),
		"interactive_timeout":             anyInt(28800),
		"net_read_timeout":                anyInt(30),
		"net_write_timeout":               anyInt(60),
		"max_execution_time":              anyInt(0),
		"lock_wait_timeout":               anyInt(31536000),
		"innodb_lock_wait_timeout":        anyInt(50),
		"information_schema_stats_expiry": anyInt(86400),
		"session_track_gtids":             str("OFF"),
		"gtid_mode":                       str("OFF"),
		"server_id":                       num(0),
	}
}

func (s *session) get(name string, global bool) vm.Value {
	name = lower(name)
	if !global {
		if v, ok := s.vars[name]; ok {
			return v
		}
	}
	if sv := sysVars[name]; sv != nil {
		return sv.def
	}
	return vm.Null()
}

func errUnknownVar(name string) *Error {
	return errorf(CodeGeneric, "unknown system variable '%s'", name)
}

// setSys assigns a system variable (DEFAULT when v is nil).
func (c *Conn) setSys(name string, v *vm.Value) error {
	key := lower(name)
	sv := sysVars[key]
	if sv == nil {
		return errUnknownVar(name)
	}
	if sv.set == nil {
		return errorf(CodeGeneric, "variable '%s' is a read only variable", name)
	}
	s := c.session()
	val := sv.def
	if v != nil {
		var err error
		if val, err = sv.set(s, *v); err != nil {
			return err
		}
	}
	if key == "autocommit" {
		on := val.AsInt() != 0
		if on && !s.autocommit && c.inTx {
			// MySQL: switching autocommit on commits the open transaction.
			s.implicitTx = false
			if err := c.Commit(); err != nil {
				return err
			}
		}
		s.autocommit = on
	}
	if key == "sql_mode" {
		m, err := parseSQLMode(val.AsString())
		if err != nil {
			return err
		}
		s.mode = m
	}
	// Aliases share one value.
	for _, pair := range [][2]string{{"transaction_isolation", "tx_isolation"}, {"transaction_read_only", "tx_read_only"}} {
		if key == pair[0] || key == pair[1] {
			s.vars[pair[0]], s.vars[pair[1]] = val, val
			return nil
		}
	}
	s.vars[key] = val
	return nil
}

func badValue(v vm.Value) *Error {
	return errorf(CodeMismatch, "variable can't be set to the value of '%s'", v.String())
}

func setBool(_ *session, v vm.Value) (vm.Value, error) {
	if v.IsNull() {
		return v, badValue(v)
	}
	switch strings.ToUpper(v.AsString()) {
	case "1", "ON", "TRUE":
		return vm.Int(1), nil
	case "0", "OFF", "FALSE":
		return vm.Int(0), nil
	}
	return v, badValue(v)
}

func setAutocommit(s *session, v vm.Value) (vm.Value, error) { return setBool(s, v) }

// setFalseOnly accepts only the default (off): walrus does not implement
// the on behaviour of these variables.
func setFalseOnly(s *session, v vm.Value) (vm.Value, error) {
	b, err := setBool(s, v)
	if err == nil && b.AsInt() != 0 {
		return v, errNotSupported("setting this variable to ON")
	}
	return b, err
}

func setOneOnly(_ *session, v vm.Value) (vm.Value, error) {
	if v.IsNull() || v.String() != "1" {
		return v, errNotSupported("a value other than 1")
	}
	return vm.Int(1), nil
}

func setMaxOnly(_ *session, v vm.Value) (vm.Value, error) {
	if v.IsNull() || v.String() != "18446744073709551615" {
		return v, errNotSupported("a limited sql_select_limit")
	}
	return vm.Uint(1<<64 - 1), nil
}

func setUint(_ *session, v vm.Value) (vm.Value, error) {
	n, err := strconv.ParseInt(v.String(), 10, 64)
	if v.IsNull() || err != nil || n < 0 {
		return v, badValue(v)
	}
	return vm.Int(n), nil
}

// walrus stores and returns text as UTF-8 and never converts: a client
// may declare any character set that is UTF-8 or a subset of it.
func normCharset(name string) (string, bool) {
	switch lower(name) {
	case "utf8mb4":
		return "utf8mb4", true
	case "utf8", "utf8mb3":
		return "utf8mb3", true
	case "ascii":
		return "ascii", true
	case "binary":
		return "binary", true
	}
	return "", false
}

func setCharset(_ *session, v vm.Value) (vm.Value, error) {
	cs, ok := normCharset(v.AsString())
	if v.IsNull() || !ok {
		return v, errNotSupported("character set '" + v.String() + "' (walrus speaks UTF-8 only)")
	}
	return vm.Text(cs), nil
}

func setResultsCharset(s *session, v vm.Value) (vm.Value, error) {
	if v.IsNull() {
		return v, nil // no conversion of results: what walrus does anyway
	}
	return setCharset(s, v)
}

// Text compares in binary order whatever collation_connection says: a
// collation of an accepted character set is recorded (Rails and Laravel
// send utf8mb4_unicode_ci; CREATE TABLE accepts COLLATE= the same way) and
// comparisons stay utf8mb4_bin.
func setCollation(_ *session, v vm.Value) (vm.Value, error) {
	name := lower(v.AsString())
	cs, _, _ := strings.Cut(name, "_")
	if _, ok := normCharset(cs); v.IsNull() || !ok {
		return v, errNotSupported("collation '" + v.String() + "' (walrus speaks UTF-8 only)")
	}
	return vm.Text(name), nil
}

func setIsolation(_ *session, v vm.Value) (vm.Value, error) {
	l := strings.ToUpper(strings.ReplaceAll(v.AsString(), " ", "-"))
	switch l {
	case "READ-UNCOMMITTED", "READ-COMMITTED", "REPEATABLE-READ", "SERIALIZABLE":
		// Recorded; walrus transactions are always serializable, which
		// satisfies every level.
		return vm.Text(l), nil
	}
	return v, badValue(v)
}

func setTimeZone(_ *session, v vm.Value) (vm.Value, error) {
	s := v.AsString()
	if strings.EqualFold(s, "SYSTEM") || strings.EqualFold(s, "UTC") {
		return vm.Text(strings.ToUpper(s)), nil
	}
	if len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' {
		h, err1 := strconv.Atoi(s[1:3])
		m, err2 := strconv.Atoi(s[4:6])
		if err1 == nil && err2 == nil && h <= 14 && m < 60 {
			return vm.Text(s), nil
		}
	}
	return v, errorf(CodeMismatch, "unknown or incorrect time zone: '%s'", s)
}

// sqlMode is a set of MySQL SQL modes.
type sqlMode uint32

// The modes walrus accepts. Each is either implemented or describes what
// walrus does anyway (see doc.go); the others are refused by name.
const (
	modeRealAsFloat sqlMode = 1 << iota
	modeOnlyFullGroupBy
	modeNoAutoValueOnZero
	modeStrictTrans
	modeStrictAll
	modeNoZeroInDate
	modeNoZeroDate
	modeErrorForDivByZero
	modeNoEngineSubstitution
	modeNoDirInCreate
)

var modeNames = []struct {
	m    sqlMode
	name string
}{
	{modeOnlyFullGroupBy, "ONLY_FULL_GROUP_BY"},
	{modeNoAutoValueOnZero, "NO_AUTO_VALUE_ON_ZERO"},
	{modeStrictTrans, "STRICT_TRANS_TABLES"},
	{modeStrictAll, "STRICT_ALL_TABLES"},
	{modeNoZeroInDate, "NO_ZERO_IN_DATE"},
	{modeNoZeroDate, "NO_ZERO_DATE"},
	{modeErrorForDivByZero, "ERROR_FOR_DIVISION_BY_ZERO"},
	{modeNoDirInCreate, "NO_DIR_IN_CREATE"},
	{modeNoEngineSubstitution, "NO_ENGINE_SUBSTITUTION"},
}

const defaultSQLMode = modeStrictTrans | modeNoEngineSubstitution

// refusedModes change parsing or semantics in ways walrus does not
// implement.
var refusedModes = map[string]bool{"ANSI_QUOTES": true, "PIPES_AS_CONCAT": true, "IGNORE_SPACE": true,
	"HIGH_NOT_PRECEDENCE": true, "NO_BACKSLASH_ESCAPES": true, "ALLOW_INVALID_DATES": true,
	"NO_UNSIGNED_SUBTRACTION": true, "PAD_CHAR_TO_FULL_LENGTH": true, "REAL_AS_FLOAT": true,
	"TIME_TRUNCATE_FRACTIONAL": true, "ANSI": true, "DB2": true, "MSSQL": true, "ORACLE": true,
	"POSTGRESQL": true, "MAXDB": true, "MYSQL323": true, "MYSQL40": true, "EMPTY_STRING_IS_NULL": true,
	"SIMULTANEOUS_ASSIGNMENT": true, "TIME_ROUND_FRACTIONAL": true}

func parseSQLMode(s string) (sqlMode, error) {
	var m sqlMode
	for _, part := range strings.Split(s, ",") {
		p := strings.ToUpper(strings.TrimSpace(part))
		if p == "" {
			continue
		}
		if p == "TRADITIONAL" {
			m |= modeStrictTrans | modeStrictAll | modeNoZeroInDate | modeNoZeroDate | modeErrorForDivByZero | modeNoEngineSubstitution
			continue
		}
		found := false
		for _, mn := range modeNames {
			if mn.name == p {
				m |= mn.m
				found = true
			}
		}
		// Modes removed in MySQL 8 that old dumps still send; they only
		// shaped SHOW CREATE output, or GRANT (NO_AUTO_CREATE_USER, part of
		// MariaDB's default mode, so in every mariadb-dump trigger section).
		if p == "NO_KEY_OPTIONS" || p == "NO_TABLE_OPTIONS" || p == "NO_FIELD_OPTIONS" || p == "NO_AUTO_CREATE_USER" {
			found = true
		}
		if !found {
			if refusedModes[p] {
				return 0, errNotSupported("sql_mode " + p)
			}
			return 0, errorf(CodeMismatch, "variable 'sql_mode' can't be set to the value of '%s'", p)
		}
	}
	return m, nil
}

func (m sqlMode) String() string {
	var parts []string
	for _, mn := range modeNames {
		if m&mn.m != 0 {
			parts = append(parts, mn.name)
		}
	}
	return strings.Join(parts, ",")
}

func setSQLMode(_ *session, v vm.Value) (vm.Value, error) {
	if v.IsNull() {
		return v, badValue(v)
	}
	m, err := parseSQLMode(v.AsString())
	if err != nil {
		return v, err
	}
	return vm.Text(m.String()), nil
}

// noAutoValueOnZero reports whether 0 inserted into an AUTO_INCREMENT
// column is kept (sql_mode NO_AUTO_VALUE_ON_ZERO); it is read when an
// INSERT is compiled.
func (c *compiler) noAutoValueOnZero() bool {
	return c.sess != nil && c.sess.mode&modeNoAutoValueOnZero != 0
}

// variableTo compiles @name and @@[scope.]name: a call of a function that
// reads the session when the statement runs.
func (c *compiler) variableTo(n *ast.VariableExpr, target int) error {
	if n.Value != nil {
		return errNotSupported("assignment to a variable inside an expression")
	}
	s := c.sess
	if s == nil {
		return errorf(CodeGeneric, "variables are not allowed here")
	}
	name := lower(n.Name)
	def := &vm.FuncDef{Name: "@" + name, MaxArgs: 0}
	if n.IsSystem {
		if sysVars[name] == nil {
			return errUnknownVar(n.Name)
		}
		global := n.IsGlobal
		def.Name = "@@" + name
		def.Fn = func([]vm.Value) (vm.Value, error) { return s.get(name, global), nil }
	} else {
		def.Fn = func([]vm.Value) (vm.Value, error) {
			if v, ok := s.user[name]; ok {
				return v, nil
			}
			return vm.Null(), nil
		}
	}
	c.emit(vm.OpFunction, target, 0, target, def, def.Name)
	return nil
}

// compileCompat compiles the statements of the compatibility surface
// (SET, SHOW, DESCRIBE, ALTER TABLE, RENAME TABLE, LOCK/UNLOCK TABLES,
// USE).
func (s *Stmt) compileCompat() error {
	noop := func(context.Context, *Stmt, []vm.Value) (*nativeResult, error) { return &nativeResult{}, nil }
	switch n := s.node.(type) {
	case *ast.SetStmt:
		s.run = runSet(n)
		s.nparams = countParams(n)
	case *ast.ShowStmt:
		return s.compileShow(n)
	case *ast.ExplainStmt:
		if show, ok := n.Stmt.(*ast.ShowStmt); ok {
			return s.compileShow(show)
		}
		return errNotSupported("DESCRIBE of a statement")
	case *ast.AlterTableStmt:
		return s.compileAlter(n)
	case *ast.RenameTableStmt:
		return s.compileRename(n)
	case *ast.LockTablesStmt:
		// An embedded database has no other sessions to keep out beyond
		// the file locks every transaction takes: accepted after checking
		// that the tables exist.
		tables := n.TableLocks
		s.run = func(ctx context.Context, st *Stmt, _ []vm.Value) (*nativeResult, error) {
			return &nativeResult{}, st.conn.withSchema(ctx, func() error {
				for _, tl := range tables {
					if t := st.conn.sch.table(tl.Table.Name.O); t == nil {
						return errNoSuchTable(tl.Table.Name.O)
					}
				}
				return nil
			})
		}
	case *ast.UnlockTablesStmt:
		s.run = noop
	case *ast.UseStmt:
		if !strings.EqualFold(n.DBName, databaseName) {
			return errorf(CodeGeneric, "unknown database '%s'", n.DBName)
		}
		s.run = noop
	default:
		return errNotSupported("this statement")
	}
	return nil
}

func runSet(n *ast.SetStmt) native {
	return func(ctx context.Context, st *Stmt, args []vm.Value) (*nativeResult, error) {
		c := st.conn
		sess := c.session()
		for _, a := range n.Variables {
			if err := c.assign(ctx, sess, a, args); err != nil {
				return nil, err
			}
		}
		return &nativeResult{}, nil
	}
}

func (c *Conn) assign(ctx context.Context, sess *session, a *ast.VariableAssignment, args []vm.Value) error {
	switch {
	case a.Name == ast.SetNames || a.Name == ast.SetCharset:
		v, err := c.evalSetValue(ctx, a.Value, true, args)
		if err != nil {
			return err
		}
		cs := v.AsString()
		if _, isDefault := a.Value.(*ast.DefaultExpr); isDefault {
			cs = "utf8mb4"
		}
		if _, err := setCharset(sess, vm.Text(cs)); err != nil {
			return err
		}
		coll := vm.Text(cs + "_bin")
		if cs == "binary" {
			coll = vm.Text("binary")
		}
		if a.ExtendValue != nil {
			if coll, err = c.evalSetValue(ctx, a.ExtendValue, true, args); err != nil {
				return err
			}
		}
		names := []string{"character_set_client", "character_set_results", "character_set_connection"}
		if a.Name == ast.SetCharset {
			names = names[:2]
		} else if err := c.setSys("collation_connection", &coll); err != nil {
			return err
		}
		for _, name := range names {
			if err := c.setSys(name, ptr(vm.Text(cs))); err != nil {
				return err
			}
		}
		return nil
	case !a.IsSystem:
		v, err := c.evalSetValue(ctx, a.Value, false, args)
		if err != nil {
			return err
		}
		sess.user[lower(a.Name)] = v
		return nil
	case a.IsGlobal || a.IsInstance:
		return errNotSupported("SET GLOBAL (walrus has no server; use SET SESSION)")
	}
	if _, ok := a.Value.(*ast.DefaultExpr); ok {
		return c.setSys(a.Name, nil)
	}
	v, err := c.evalSetValue(ctx, a.Value, true, args)
	if err != nil {
		return err
	}
	return c.setSys(a.Name, &v)
}

func ptr[T any](v T) *T { return &v }

// evalSetValue evaluates the right side of SET. For system variables a
// bare identifier (ON, utf8mb4) is its own name, as in MySQL.
func (c *Conn) evalSetValue(ctx context.Context, e ast.ExprNode, system bool, args []vm.Value) (vm.Value, error) {
	if cn, ok := e.(*ast.ColumnNameExpr); ok && system && cn.Name.Table.L == "" {
		return vm.Text(cn.Name.Name.O), nil
	}
	if _, ok := e.(*ast.DefaultExpr); ok {
		return vm.Value{}, errorf(CodeSyntax, "DEFAULT is not a value here")
	}
	return c.evalExpr(ctx, e, args)
}

// evalExpr evaluates one expression as SELECT e would.
func (c *Conn) evalExpr(ctx context.Context, e ast.ExprNode, args []vm.Value) (vm.Value, error) {
	sel := &ast.SelectStmt{Kind: ast.SelectStmtKindSelect,
		Fields: &ast.FieldList{Fields: []*ast.SelectField{{Expr: e}}}}
	var rows [][]vm.Value
	err := c.withSchema(ctx, func() error {
		var err error
		rows, err = c.runQuery(ctx, sel, args)
		return err
	})
	if err != nil {
		return vm.Value{}, err
	}
	if len(rows) != 1 {
		return vm.Value{}, errorf(CodeGeneric, "internal error: expression gave %d rows", len(rows))
	}
	return rows[0][0], nil
}

// runQuery compiles rs with the session and runs it to the end inside the
// caller's read transaction; args are the statement's ? parameters.
func (c *Conn) runQuery(ctx context.Context, rs ast.ResultSetNode, args []vm.Value) ([][]vm.Value, error) {
	cp := newCompiler(c.sch)
	defer cp.release()
	cp.sess = c.session()
	prog, _, err := cp.compileQuery(rs)
	if err != nil {
		return nil, err
	}
	if prog.NumParams > len(args) {
		return nil, errorf(CodeRange, "statement needs %d parameters, %d given", prog.NumParams, len(args))
	}
	ex := vm.NewExec(ctx, prog, &vm.Env{Storage: vm.BtreeStorage{File: c.bt}, Params: args, Temp: c.temps()})
	defer ex.Close()
	var out [][]vm.Value
	for {
		ok, err := ex.Step()
		if err != nil {
			return nil, wrapErr(err)
		}
		if !ok {
			return out, nil
		}
		out = append(out, append([]vm.Value(nil), ex.Row()...))
	}
}

// autoBegin opens the implicit transaction of autocommit=0 before a
// statement runs (MySQL: the transaction starts with the first statement
// and lasts until COMMIT or ROLLBACK). BEGIN inside such a transaction
// commits it first, as MySQL's implicit commit does.
func (s *Stmt) autoBegin(ctx context.Context) error {
	c := s.conn
	sess := c.sess
	if sess == nil {
		return nil
	}
	if !c.inTx {
		sess.implicitTx = false
	}
	if sess.autocommit {
		return nil
	}
	switch f := s.front.(type) {
	case *beginStmt:
		return c.commitImplicit()
	case *commitStmt, *rollbackStmt, *pragmaStmt, *vacuumStmt:
		return nil
	case nil:
	default:
		_ = f
		return nil
	}
	switch s.node.(type) {
	case *ast.BeginStmt:
		return c.commitImplicit()
	case *ast.CommitStmt, *ast.RollbackStmt, *ast.SetStmt, *ast.UseStmt, nil:
		return nil
	}
	if c.inTx {
		return nil
	}
	if err := c.Begin(ctx, TxDeferred, false); err != nil {
		return err
	}
	sess.implicitTx = true
	return nil
}

func (c *Conn) commitImplicit() error {
	if c.inTx && c.sess.implicitTx {
		c.sess.implicitTx = false
		return c.Commit()
	}
	return nil
}

// Functions MySQL clients call on connect. They are constant for walrus.
func init() {
	str := func(v string) func([]vm.Value) (vm.Value, error) {
		return func([]vm.Value) (vm.Value, error) { return vm.Text(v), nil }
	}
	for _, f := range []vm.FuncDef{
		{Name: "version", Fn: str(ServerVersion)},
		{Name: "database", Fn: str(databaseName)},
		{Name: "schema", Fn: str(databaseName)},
		{Name: "user", Fn: str("walrus@localhost")},
		{Name: "current_user", Fn: str("walrus@localhost")},
		{Name: "session_user", Fn: str("walrus@localhost")},
		{Name: "system_user", Fn: str("walrus@localhost")},
	} {
		f.Deterministic = true
		if err := vm.RegisterFunc(f); err != nil && !errors.Is(err, vm.ErrFuncExists) {
			panic(err)
		}
	}
}

// countParams is the number of ? markers of a statement run natively.
func countParams(n ast.Node) int {
	var v paramCounter
	n.Accept(&v)
	return v.n
}

type paramCounter struct{ n int }

func (v *paramCounter) Enter(n ast.Node) (ast.Node, bool) {
	if p, ok := n.(*test_driver.ParamMarkerExpr); ok && p.Order+1 > v.n {
		v.n = p.Order + 1
	}
	return n, false
}

func (v *paramCounter) Leave(n ast.Node) (ast.Node, bool) { return n, true }
