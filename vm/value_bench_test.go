package vm

import "testing"

func BenchmarkAddInt(b *testing.B) {
	x, y := Int(12345), Int(678)
	for b.Loop() {
		if _, err := Add(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddDecimal(b *testing.B) {
	x, y := Dec(NewDecimal(12345, 2)), Dec(NewDecimal(678, 1))
	for b.Loop() {
		if _, err := Add(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDivInt(b *testing.B) {
	x, y := Int(12345), Int(7)
	for b.Loop() {
		if _, err := Div(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareIntDecimal(b *testing.B) {
	x, y := Int(12345), Dec(NewDecimal(1234550, 2))
	for b.Loop() {
		Compare(x, y)
	}
}

func BenchmarkValueString(b *testing.B) {
	vs := []Value{Int(-123456), Float(0.1), Dec(NewDecimal(35000, 4))}
	for b.Loop() {
		for _, v := range vs {
			_ = v.String()
		}
	}
}
