package walrus

import (
	"github.com/walrusdb/walrus/vm"
)

// RegisterFunc adds a scalar SQL function, usable in every database the
// process opens from then on. nArgs is the exact argument count, or -1
// for any count. deterministic says that equal arguments always give an
// equal result (the planner may then evaluate a call once).
//
// fn receives the arguments as Next returns values without a column type
// (nil, int64, uint64, float64, string, []byte; DECIMAL as a string) and
// returns any value an Exec argument may be. An error from fn fails the
// statement. A name already taken, built-in or not, is an error.
func RegisterFunc(name string, nArgs int, deterministic bool, fn func(args []any) (any, error)) error {
	def := vm.FuncDef{
		Name:          name,
		MinArgs:       nArgs,
		MaxArgs:       nArgs,
		Deterministic: deterministic,
		Fn: func(args []vm.Value) (vm.Value, error) {
			in := make([]any, len(args))
			for i, a := range args {
				in[i] = fromValue(a, vm.ColType{})
			}
			out, err := fn(in)
			if err != nil {
				return vm.Value{}, err
			}
			return toValue(out)
		},
	}
	if nArgs < 0 {
		def.MinArgs, def.MaxArgs = 0, -1
	}
	if fn == nil {
		return errorf(CodeMisuse, "RegisterFunc %q: nil function", name)
	}
	if err := vm.RegisterFunc(def); err != nil {
		return &Error{Code: CodeMisuse, Msg: "RegisterFunc: " + err.Error(), Err: err}
	}
	return nil
}
