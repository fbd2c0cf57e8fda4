package vm

import (
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand/v2"
)

// Control-flow and NULL functions, and the non-deterministic ones. These return the chosen
// argument unchanged: MySQL would first convert it to the type unified from all branches
// (IF(c, 1, 2.5) gives 1.0); the compiler may add a Cast when it knows the branch types.

func init() {
	builtin("coalesce", 1, -1, fnCoalesce)
	builtin("ifnull", 2, 2, fnCoalesce)
	builtin("nullif", 2, 2, fnNullIf)
	builtin("if", 3, 3, fnIf)
	builtin("isnull", 1, 1, func(a []Value) (Value, error) { return Bool(a[0].IsNull()), nil })
	funcRegistry.m["rand"] = &FuncDef{Name: "RAND", MinArgs: 0, MaxArgs: 1, Fn: fnRand}
	funcRegistry.m["uuid"] = &FuncDef{Name: "UUID", MinArgs: 0, MaxArgs: 0, Fn: fnUUID}
}

func fnCoalesce(a []Value) (Value, error) {
	for _, v := range a {
		if !v.IsNull() {
			return v, nil
		}
	}
	return Null(), nil
}

// fnNullIf is NULLIF(a, b): NULL when a = b, else a.
func fnNullIf(a []Value) (Value, error) {
	if Equal(a[0], a[1]) {
		return Null(), nil
	}
	return a[0], nil
}

func fnIf(a []Value) (Value, error) {
	if t, isNull := Truth(a[0]); t && !isNull {
		return a[1], nil
	}
	return a[2], nil
}

// fnRand is RAND([seed]). With a seed it returns the first value of MySQL's generator for that
// seed (MySQL advances the seeded generator row by row within a statement; a stateless
// function cannot).
func fnRand(a []Value) (Value, error) {
	if len(a) == 1 && !a[0].IsNull() {
		seed := uint64(intArg(a[0]))
		const max = 0x3FFFFFFF
		s1 := (seed*0x10001 + 55555555) % max
		s2 := (seed * 0x10000001) % max
		s1 = (s1*3 + s2) % max
		return Float(float64(s1) / float64(max)), nil
	}
	return Float(mrand.Float64()), nil
}

// fnUUID is UUID(): a random (version 4) UUID in MySQL's text form.
func fnUUID([]Value) (Value, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Null(), errorf(ErrArgs, "vm: UUID: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return Text(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]), nil
}
