package vm

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	mrand "math/rand/v2"
	"sync"
	"time"
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
	if len(a) == 1 { // a NULL seed is 0, as in MySQL
		seed := uint64(intArg(a[0]))
		const max = 0x3FFFFFFF
		s1 := (seed*0x10001 + 55555555) % max
		s2 := (seed * 0x10000001) % max
		s1 = (s1*3 + s2) % max
		return Float(float64(s1) / float64(max)), nil
	}
	return Float(mrand.Float64()), nil
}

// uuidState is UUID()'s generator: MySQL's UUID() is version 1 (time and
// node based), with a random node id (multicast bit set, as RFC 4122 asks
// for one that is not a MAC address) and clock sequence chosen once.
var uuidState struct {
	sync.Mutex
	last  uint64 // the last timestamp handed out, in 100 ns since 1582-10-15
	node  [6]byte
	clock uint16
	init  bool
}

// fnUUID is UUID(): a version 1 UUID in MySQL's text form. Timestamps
// strictly increase within the process, so two calls never collide.
func fnUUID([]Value) (Value, error) {
	u := &uuidState
	u.Lock()
	if !u.init {
		var seed [8]byte
		if _, err := rand.Read(seed[:]); err != nil {
			u.Unlock()
			return Null(), errorf(ErrArgs, "vm: UUID: %v", err)
		}
		copy(u.node[:], seed[:6])
		u.node[0] |= 0x01
		u.clock = (uint16(seed[6])<<8 | uint16(seed[7])) & 0x3fff
		u.init = true
	}
	// 122192928000000000 is the 100 ns count from 1582-10-15 to 1970-01-01.
	ts := uint64(time.Now().UnixNano()/100) + 122192928000000000
	if ts <= u.last {
		ts = u.last + 1
	}
	u.last = ts
	node, clock := u.node, u.clock
	u.Unlock()
	var b [16]byte
	binary.BigEndian.PutUint32(b[0:], uint32(ts))
	binary.BigEndian.PutUint16(b[4:], uint16(ts>>32))
	binary.BigEndian.PutUint16(b[6:], uint16(ts>>48)&0x0fff|0x1000)
	binary.BigEndian.PutUint16(b[8:], clock|0x8000)
	copy(b[10:], node[:])
	h := hex.EncodeToString(b[:])
	return Text(h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]), nil
}
