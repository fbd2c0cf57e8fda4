package vm

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash/crc32"
	"strings"
)

// Digest and encoding functions: MD5, SHA1/SHA, SHA2, CRC32, TO_BASE64, FROM_BASE64, CHAR.

func init() {
	builtin("md5", 1, 1, strict(func(a []Value) (Value, error) {
		s := md5.Sum([]byte(a[0].AsString()))
		return Text(hex.EncodeToString(s[:])), nil
	}))
	sha := strict(func(a []Value) (Value, error) {
		s := sha1.Sum([]byte(a[0].AsString()))
		return Text(hex.EncodeToString(s[:])), nil
	})
	builtin("sha1", 1, 1, sha)
	builtin("sha", 1, 1, sha)
	builtin("sha2", 2, 2, strict(fnSHA2))
	builtin("crc32", 1, 1, strict(func(a []Value) (Value, error) {
		return Uint(uint64(crc32.ChecksumIEEE([]byte(a[0].AsString())))), nil
	}))
	builtin("to_base64", 1, 1, strict(func(a []Value) (Value, error) {
		return Text(base64.StdEncoding.EncodeToString([]byte(a[0].AsString()))), nil
	}))
	builtin("from_base64", 1, 1, strict(func(a []Value) (Value, error) {
		b, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, a[0].AsString()))
		if err != nil {
			return Null(), nil
		}
		return Blob(b), nil
	}))
	builtin("char", 1, -1, fnChar)
}

// fnSHA2 is SHA2(s, bits) for 224, 256 (or 0), 384 and 512; other lengths give NULL.
func fnSHA2(a []Value) (Value, error) {
	b := []byte(a[0].AsString())
	var sum []byte
	switch intArg(a[1]) {
	case 224:
		s := sha256.Sum224(b)
		sum = s[:]
	case 0, 256:
		s := sha256.Sum256(b)
		sum = s[:]
	case 384:
		s := sha512.Sum384(b)
		sum = s[:]
	case 512:
		s := sha512.Sum512(b)
		sum = s[:]
	default:
		return Null(), nil
	}
	return Text(hex.EncodeToString(sum)), nil
}

// fnChar is CHAR(n, ...): each integer as its big-endian bytes without leading zero bytes;
// NULL arguments are skipped. The result is a binary string.
func fnChar(a []Value) (Value, error) {
	var out []byte
	for _, v := range a {
		if v.IsNull() {
			continue
		}
		u := uint32(v.AsUint())
		var buf [4]byte
		n := 0
		for shift := 24; shift >= 0; shift -= 8 {
			c := byte(u >> uint(shift))
			if c != 0 || n > 0 || shift == 0 {
				buf[n] = c
				n++
			}
		}
		out = append(out, buf[:n]...)
	}
	return Blob(out), nil
}
