package vm

import (
	"strings"
	"sync"
)

// FuncDef is a scalar SQL function. Fn receives exactly the evaluated arguments (their count is
// within [MinArgs, MaxArgs]; MaxArgs -1 means variadic) and must not retain the slice.
type FuncDef struct {
	Name          string
	MinArgs       int
	MaxArgs       int
	Deterministic bool
	Fn            func(args []Value) (Value, error)
}

// CheckArgs returns ErrArgs when n arguments do not fit f.
func (f *FuncDef) CheckArgs(n int) error {
	if n < f.MinArgs || (f.MaxArgs >= 0 && n > f.MaxArgs) {
		return errorf(ErrArgs, "vm: incorrect parameter count in the call to native function '%s'", f.Name)
	}
	return nil
}

var funcRegistry = struct {
	sync.RWMutex
	m map[string]*FuncDef
}{m: make(map[string]*FuncDef)}

// LookupFunc returns the scalar function with the given name (case-insensitive).
func LookupFunc(name string) (*FuncDef, bool) {
	funcRegistry.RLock()
	defer funcRegistry.RUnlock()
	f, ok := funcRegistry.m[strings.ToLower(name)]
	return f, ok
}

// RegisterFunc adds a scalar function (user functions from the driver). A name already taken,
// built-in or not, is ErrFuncExists.
func RegisterFunc(def FuncDef) error {
	if def.Name == "" || def.Fn == nil || def.MinArgs < 0 || (def.MaxArgs >= 0 && def.MaxArgs < def.MinArgs) {
		return errorf(ErrArgs, "vm: invalid function definition %q", def.Name)
	}
	key := strings.ToLower(def.Name)
	funcRegistry.Lock()
	defer funcRegistry.Unlock()
	if _, ok := funcRegistry.m[key]; ok {
		return errorf(ErrFuncExists, "vm: function %s already exists", def.Name)
	}
	d := def
	funcRegistry.m[key] = &d
	return nil
}

// builtin registers a built-in at init time; names are unique by construction.
func builtin(name string, minArgs, maxArgs int, fn func(args []Value) (Value, error)) {
	funcRegistry.m[name] = &FuncDef{Name: strings.ToUpper(name), MinArgs: minArgs, MaxArgs: maxArgs, Deterministic: true, Fn: fn}
}

// anyNull reports whether any argument is NULL (most functions then return NULL).
func anyNull(args []Value) bool {
	for _, a := range args {
		if a.kind == KindNull {
			return true
		}
	}
	return false
}

// strict wraps fn so that any NULL argument gives NULL without calling it.
func strict(fn func(args []Value) (Value, error)) func(args []Value) (Value, error) {
	return func(args []Value) (Value, error) {
		if anyNull(args) {
			return Null(), nil
		}
		return fn(args)
	}
}

// intArg converts an argument used as a count or position (LEFT(s, n), ROUND(x, d)) to int64,
// rounding as MySQL does.
func intArg(v Value) int64 {
	i, _ := toInt64(v)
	return i
}
