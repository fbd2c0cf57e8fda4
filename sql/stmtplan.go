package sql

import (
	"strings"

	"github.com/walrusdb/walrus/vm"
)

// Plans that depend on arguments.
//
// An index seek is planned only when the probe's class (number or string)
// is known, so that b-tree order agrees with MySQL's comparison (seek.go).
// A `?` has no class until it is bound. A statement whose plan looked at a
// parameter is therefore compiled again at execution for the classes of
// its arguments, and keeps that program while later executions bind
// arguments of the same classes (the usual case: `WHERE id = ?` with an
// int every time).
//
//	(PP1) The generic program (compiled at Prepare) is correct for any
//	      arguments; a specialised one is used only for arguments whose
//	      classes match the signature it was compiled for.
type paramPlan struct {
	dependent bool       // the last compile consulted a parameter's class
	sig       string     // the signature the program was compiled for ("" generic)
	bind      []vm.Value // set only while compiling for arguments
}

// paramClass is the class of argument i when compiling for arguments.
func (c *compiler) paramClass(i int) class {
	c.paramPlan = true
	if i < 0 || i >= len(c.params) {
		return classUnknown
	}
	v := c.params[i]
	switch {
	case v.IsNumeric():
		return classNumber
	case v.Kind() == vm.KindText:
		return classString
	}
	return classUnknown
}

// argSignature names the classes of args.
func argSignature(args []vm.Value) string {
	var b strings.Builder
	for _, v := range args {
		switch {
		case v.IsNumeric():
			b.WriteByte('n')
		case v.Kind() == vm.KindText:
			b.WriteByte('s')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// planForArgs recompiles s for the classes of args when its plan depends
// on them and its program was made for other classes (PP1).
func (s *Stmt) planForArgs(args []vm.Value) error {
	if !s.plan.dependent || len(args) == 0 || s.explain {
		return nil
	}
	sig := argSignature(args)
	if sig == s.plan.sig {
		return nil
	}
	s.plan.bind = args
	err := s.compileNode()
	s.plan.bind = nil
	if err != nil {
		s.plan.sig = ""
		return err
	}
	s.plan.sig = sig
	s.plan.dependent = true
	return nil
}
