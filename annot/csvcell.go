package annot

// Spreadsheets run a cell that starts with = + - @ TAB or CR as a formula
// (OWASP "CSV injection": =HYPERLINK(...), +cmd|...). A CSV cell meant for
// people is neutralised by a leading apostrophe, which spreadsheets show as
// text and do not display; plain numbers (-12, +3.5) are left alone.

// NeutralizeFormula returns cell s so that a spreadsheet shows it as text:
// with a ' before it when it starts like a formula and is not a plain
// number, or when it starts with ' before such a character (so that
// RestoreFormula gives s back exactly). Other cells are unchanged.
func NeutralizeFormula(s string) string {
	if s == "" {
		return s
	}
	if formulaStart(s[0]) && !plainNumber(s) || s[0] == '\'' && len(s) > 1 && (formulaStart(s[1]) || s[1] == '\'') {
		return "'" + s
	}
	return s
}

// RestoreFormula undoes NeutralizeFormula: a cell starting with ' before
// a formula character or another ' loses its first '.
func RestoreFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && (formulaStart(s[1]) || s[1] == '\'') {
		return s[1:]
	}
	return s
}

func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// plainNumber reports whether s is a number in ASCII digits, optionally
// signed, with a decimal point or comma and an exponent: what a
// spreadsheet reads as a number, not a formula.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
