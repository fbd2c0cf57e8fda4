package sql

import (
	"strings"
)

// A trigger body is a list of statements. Simple statements are kept as
// text (TiDB parses them, SIGNAL is ours); MySQL's IF ... THEN ...
// [ELSEIF ... THEN ...] [ELSE ...] END IF is the one compound statement
// walrus runs. DECLARE of local variables may open the body; SELECT ...
// INTO targets (locals, @vars) are cut from the SELECT's text. Loops,
// handlers, cursors and nested BEGIN blocks are refused by name.

// bodyStmt is one statement of a trigger body: text, or an IF (branches
// set). into holds a SELECT's INTO targets ("@name" for user variables).
type bodyStmt struct {
	text     string
	into     []string
	branches []ifBranch
}

// localVar is a DECLAREd variable: a name, a type (SQL text) and a DEFAULT
// expression ("" for NULL).
type localVar struct {
	name string
	typ  string
	def  string
}

// ifBranch is one arm of an IF: cond "" is the ELSE arm.
type ifBranch struct {
	cond string
	body []bodyStmt
}

// bodyParser reads a body's tokens (frontTokens) back into statements.
type bodyParser struct {
	src    string
	toks   []token
	i      int
	locals []localVar
}

func (p *bodyParser) kw(i int) string {
	if i < len(p.toks) && !p.toks[i].quoted {
		return p.toks[i].up
	}
	return ""
}

func (p *bodyParser) pos(i int) int {
	if i < len(p.toks) {
		return p.toks[i].pos
	}
	return len(p.src)
}

// parseBody splits a trigger body (the text between BEGIN and END, or a
// single statement) into its local variables and statements, and checks
// each.
func parseBody(src string) ([]bodyStmt, []localVar, error) {
	toks, ok := frontTokens(src)
	if !ok {
		return nil, nil, syntaxAt(src, len(src), "unterminated quoted string in the trigger body")
	}
	p := &bodyParser{src: src, toks: toks}
	for p.kw(p.i) == "DECLARE" {
		if err := p.declare(); err != nil {
			return nil, nil, err
		}
	}
	list, err := p.list(true)
	if err != nil {
		return nil, nil, err
	}
	if p.i < len(p.toks) {
		return nil, nil, syntaxAt(src, p.pos(p.i), "unexpected "+p.toks[p.i].text+" in the trigger body")
	}
	return list, p.locals, nil
}

// declare reads DECLARE name [, name ...] type [DEFAULT expr];
func (p *bodyParser) declare() error {
	p.i++
	var names []string
	for p.i < len(p.toks) {
		names = append(names, p.toks[p.i].text)
		if p.i+1 < len(p.toks) && p.toks[p.i+1].text == "," && !p.toks[p.i+1].quoted {
			p.i += 2
			continue
		}
		p.i++
		break
	}
	switch k := p.kw(p.i); k {
	case "CONDITION", "CURSOR", "HANDLER":
		return errNotSupported("DECLARE ... " + k + " in a trigger body")
	case "CONTINUE", "EXIT", "UNDO":
		return errNotSupported("DECLARE ... HANDLER in a trigger body")
	}
	start, def := p.i, -1
	for p.i < len(p.toks) && !(p.toks[p.i].text == ";" && !p.toks[p.i].quoted) {
		if p.kw(p.i) == "DEFAULT" && def < 0 {
			def = p.i
		}
		p.i++
	}
	end := p.i
	if p.i == len(p.toks) {
		return syntaxAt(p.src, len(p.src), "expected ; after DECLARE")
	}
	p.i++
	typEnd := end
	if def >= 0 {
		typEnd = def
	}
	v := localVar{typ: strings.TrimSpace(p.src[p.pos(start):p.pos(typEnd)])}
	if v.typ == "" || len(names) == 0 {
		return syntaxAt(p.src, p.pos(start), "DECLARE name type")
	}
	if _, err := localType(v.typ); err != nil {
		return err
	}
	if def >= 0 {
		v.def = strings.TrimSpace(p.src[p.pos(def+1):p.pos(end)])
		if _, err := parseExprText(v.def); err != nil {
			return err
		}
	}
	for _, n := range names {
		for _, o := range p.locals {
			if strings.EqualFold(o.name, n) {
				return errorf(CodeGeneric, "Duplicate variable: %s", n)
			}
		}
		v.name = n
		p.locals = append(p.locals, v)
	}
	return nil
}

// isLocal reports whether name is a DECLAREd variable of the body.
func (p *bodyParser) isLocal(name string) bool {
	for _, v := range p.locals {
		if strings.EqualFold(v.name, name) {
			return true
		}
	}
	return false
}

// cutInto removes the INTO clause of a SELECT statement (tokens start..end
// of p) and returns the text without it and the targets.
func (p *bodyParser) cutInto(start, end int) (string, []string, error) {
	text := p.src[p.pos(start):p.pos(end)]
	if p.kw(start) != "SELECT" {
		return text, nil, nil
	}
	depth := 0
	for i := start; i < end; i++ {
		if p.toks[i].quoted {
			continue
		}
		switch p.toks[i].text {
		case "(":
			depth++
		case ")":
			depth--
		}
		if depth != 0 || p.toks[i].up != "INTO" {
			continue
		}
		var into []string
		j := i + 1
		for j < end {
			switch {
			case p.toks[j].text == "@" && !p.toks[j].quoted && j+1 < end:
				into = append(into, "@"+p.toks[j+1].text)
				j += 2
			case p.isLocal(p.toks[j].text):
				into = append(into, p.toks[j].text)
				j++
			case p.kw(j) == "OUTFILE" || p.kw(j) == "DUMPFILE":
				return "", nil, errNotSupported("SELECT ... INTO " + p.toks[j].up + " in a trigger body")
			default:
				return "", nil, errorf(CodeGeneric, "Undeclared variable: %s", p.toks[j].text)
			}
			if j < end && p.toks[j].text == "," && !p.toks[j].quoted {
				j++
				continue
			}
			break
		}
		cut := p.src[p.pos(start):p.pos(i)] + " " + p.src[p.pos(j):p.pos(end)]
		return strings.TrimSpace(cut), into, nil
	}
	return text, nil, nil
}

// list reads statements up to ELSEIF, ELSE, END or the end of the body
// (top: the body's own list, whose last ';' is optional).
func (p *bodyParser) list(top bool) ([]bodyStmt, error) {
	var out []bodyStmt
	for p.i < len(p.toks) {
		switch p.kw(p.i) {
		case "ELSEIF", "ELSE", "END":
			if top {
				return nil, syntaxAt(p.src, p.pos(p.i), p.toks[p.i].up+" without IF")
			}
			return out, nil
		case "IF":
			s, err := p.ifStmt()
			if err != nil {
				return nil, err
			}
			out = append(out, s)
			continue
		}
		if p.toks[p.i].text == ";" && !p.toks[p.i].quoted {
			p.i++ // an empty statement
			continue
		}
		start := p.i
		for p.i < len(p.toks) && !(p.toks[p.i].text == ";" && !p.toks[p.i].quoted) {
			p.i++
		}
		if p.i == len(p.toks) && !top {
			return nil, syntaxAt(p.src, len(p.src), "expected ; after a statement inside IF")
		}
		if p.kw(start) == "DECLARE" {
			return nil, syntaxAt(p.src, p.pos(start), "DECLARE must come first in the trigger body")
		}
		text, into, err := p.cutInto(start, p.i)
		if err != nil {
			return nil, err
		}
		p.i++ // the ';'
		if err := checkBodyStmt(text, p.isLocal); err != nil {
			return nil, err
		}
		out = append(out, bodyStmt{text: strings.TrimSpace(text), into: into})
	}
	return out, nil
}

// ifStmt reads IF cond THEN list {ELSEIF cond THEN list} [ELSE list] END IF.
func (p *bodyParser) ifStmt() (bodyStmt, error) {
	var s bodyStmt
	for {
		// At IF or ELSEIF: the condition runs to THEN (outside CASE).
		start, cases := p.i+1, 0
		p.i++
		for ; p.i < len(p.toks); p.i++ {
			switch p.kw(p.i) {
			case "CASE":
				cases++
			case "END":
				cases--
			}
			if p.kw(p.i) == "THEN" && cases == 0 {
				break
			}
		}
		if p.i == len(p.toks) {
			return s, syntaxAt(p.src, len(p.src), "IF without THEN")
		}
		cond := strings.TrimSpace(p.src[p.pos(start):p.pos(p.i)])
		if _, err := parseExprText(cond); err != nil {
			return s, err
		}
		p.i++
		body, err := p.list(false)
		if err != nil {
			return s, err
		}
		s.branches = append(s.branches, ifBranch{cond: cond, body: body})
		if p.kw(p.i) != "ELSEIF" {
			break
		}
	}
	if p.kw(p.i) == "ELSE" {
		p.i++
		body, err := p.list(false)
		if err != nil {
			return s, err
		}
		s.branches = append(s.branches, ifBranch{body: body})
	}
	if p.kw(p.i) != "END" || p.kw(p.i+1) != "IF" {
		return s, syntaxAt(p.src, p.pos(p.i), "expected END IF")
	}
	p.i += 2
	if p.i < len(p.toks) && p.toks[p.i].text == ";" && !p.toks[p.i].quoted {
		p.i++
	}
	return s, nil
}

// walkBody calls fn for every simple statement and every IF condition
// (cond true) of a body, in order.
func walkBody(list []bodyStmt, fn func(text string, cond bool) error) error {
	for _, s := range list {
		if s.branches == nil {
			if err := fn(s.text, false); err != nil {
				return err
			}
			continue
		}
		for _, b := range s.branches {
			if b.cond != "" {
				if err := fn(b.cond, true); err != nil {
					return err
				}
			}
			if err := walkBody(b.body, fn); err != nil {
				return err
			}
		}
	}
	return nil
}
