package learn

import (
	"unicode"
	"unicode/utf8"

	"spanbench/annot"
)

// Features are 64-bit hashes of (template, value): no strings are built
// while a document is read, so a 1 MB text is featurised in tens of
// milliseconds. A template is a small number mixed into the hash of its
// value; collisions between 64-bit hashes are negligible at the sizes a
// project trains on.
const (
	tBias = iota + 1
	tWord
	tShape
	tPre1
	tPre2
	tPre3
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tCase
	tScript
	tDigit
	tPrevWord
	tNextWord
	tPrev2Word
	tNext2Word
	tPrevShape
	tNextShape
	tCase3
	tFirstCase
	tGaz
	tPrevGaz
	tNextGaz
	tPrevWordShape
	tLen
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnvRune is FNV-1a taking a whole code point as its unit.
func fnvRune(h uint64, r rune) uint64 {
	return (h ^ uint64(r)) * fnvPrime
}

// mix combines a template with a value hash (splitmix64's finaliser).
func mix(tmpl int, v uint64) uint64 {
	x := v ^ uint64(tmpl)*0x9E3779B97F4A7C15
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// Case classes of a token. Scripts without capitals (Han, Arabic, Thai,
// Devanagari ...) get caseNone, so capitalisation features say nothing
// there and the model leans on words, affixes, neighbours and the
// gazetteer.
const (
	caseNone  = iota // no cased letter
	caseLower        // "mayor"
	caseTitle        // "Madrid"
	caseUpper        // "EFE", "U.S."
	caseMixed        // "iPhone", "McCain"
)

// Script classes: the script of a token's first letter.
const (
	scriptOther = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptHebrew
	scriptDevanagari
	scriptHan
	scriptKana
	scriptHangul
	scriptThai
	scriptDigit
	scriptPunct
)

var scriptTables = []struct {
	class int
	table *unicode.RangeTable
}{
	{scriptLatin, unicode.Latin},
	{scriptCyrillic, unicode.Cyrillic},
	{scriptGreek, unicode.Greek},
	{scriptArabic, unicode.Arabic},
	{scriptHebrew, unicode.Hebrew},
	{scriptDevanagari, unicode.Devanagari},
	{scriptHan, unicode.Han},
	{scriptKana, unicode.Hiragana},
	{scriptKana, unicode.Katakana},
	{scriptHangul, unicode.Hangul},
	{scriptThai, unicode.Thai},
}

func scriptOf(r rune) int {
	if r < 0x80 {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			return scriptLatin
		case r >= '0' && r <= '9':
			return scriptDigit
		}
		return scriptPunct
	}
	if unicode.IsDigit(r) {
		return scriptDigit
	}
	if !unicode.IsLetter(r) {
		return scriptPunct
	}
	for _, s := range scriptTables {
		if unicode.Is(s.table, r) {
			return s.class
		}
	}
	return scriptOther
}

// tokInfo is what the features of a token and of its neighbours need.
type tokInfo struct {
	word, shape     uint64 // hashes of the lower-cased text and of its shape
	pre, suf        [4]uint64
	npre, nsuf      int
	cas, script, ln int
	digit           bool
	gaz             uint64 // hash of "B-LABEL"/"I-LABEL" of a gazetteer match, 0 if none
}

// describe fills in a token's info from its text.
func describe(s string, ti *tokInfo) {
	var buf [64]rune
	n := 0
	h := uint64(fnvOffset)
	sh := uint64(fnvOffset)
	var last rune = -1
	upper, lower, letters, shapeLen := 0, 0, 0, 0
	ti.digit = false
	ti.script = scriptPunct
	for _, r := range s {
		lr := r
		var cls rune
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
			lr = unicode.ToLower(r)
			cls = 'X'
		case unicode.IsLower(r):
			lower++
			letters++
			cls = 'x'
		case unicode.IsLetter(r):
			letters++
			cls = 'a' // a letter without case
		case unicode.IsDigit(r):
			ti.digit = true
			cls = 'd'
		default:
			cls = r
		}
		if ti.script == scriptPunct || ti.script == scriptDigit {
			if sc := scriptOf(r); sc != scriptPunct && (sc != scriptDigit || ti.script == scriptPunct) {
				ti.script = sc
			}
		}
		if cls != last && shapeLen < 8 {
			sh = fnvRune(sh, cls)
			shapeLen++
			last = cls
		}
		h = fnvRune(h, lr)
		if n < len(buf) {
			buf[n] = lr
		}
		n++
		if n <= 3 {
			ti.pre[n] = h
		}
	}
	ti.word, ti.shape = h, sh
	ti.npre = min(n, 3)
	if n > len(buf) {
		n = len(buf)
	}
	ti.nsuf = min(n, 4)
	for k := 1; k <= ti.nsuf; k++ {
		sh := uint64(fnvOffset)
		for _, r := range buf[n-k : n] {
			sh = fnvRune(sh, r)
		}
		ti.suf[k-1] = sh
	}
	ti.ln = min(utf8.RuneCountInString(s), 6)
	switch {
	case letters == 0 || upper+lower == 0:
		ti.cas = caseNone
	case upper == 0:
		ti.cas = caseLower
	case lower == 0:
		ti.cas = caseUpper
	case upper == 1 && isUpperFirst(s):
		ti.cas = caseTitle
	default:
		ti.cas = caseMixed
	}
}

func isUpperFirst(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// Boundary values for neighbours beyond a sentence.
var (
	hashBOS = mix(1000, 1)
	hashEOS = mix(1000, 2)
)

// features appends the feature hashes of token i of a sentence.
func features(out []uint64, ts []tokInfo, i int) []uint64 {
	t := &ts[i]
	out = append(out,
		mix(tBias, 0),
		mix(tWord, t.word),
		mix(tShape, t.shape),
		mix(tCase, uint64(t.cas)),
		mix(tScript, uint64(t.script)),
		mix(tLen, uint64(t.ln*16+t.script)),
	)
	for k := 1; k <= t.npre; k++ {
		out = append(out, mix(tPre1+k-1, t.pre[k]))
	}
	for k := 1; k <= t.nsuf; k++ {
		out = append(out, mix(tSuf1+k-1, t.suf[k-1]))
	}
	if t.digit {
		out = append(out, mix(tDigit, 1))
	}
	word := func(j int) uint64 {
		switch {
		case j < 0:
			return hashBOS
		case j >= len(ts):
			return hashEOS
		}
		return ts[j].word
	}
	shape := func(j int) uint64 {
		switch {
		case j < 0:
			return hashBOS
		case j >= len(ts):
			return hashEOS
		}
		return ts[j].shape
	}
	cas := func(j int) uint64 {
		if j < 0 || j >= len(ts) {
			return 7
		}
		return uint64(ts[j].cas)
	}
	gaz := func(j int) uint64 {
		if j < 0 || j >= len(ts) {
			return 0
		}
		return ts[j].gaz
	}
	out = append(out,
		mix(tPrevWord, word(i-1)),
		mix(tNextWord, word(i+1)),
		mix(tPrev2Word, word(i-2)),
		mix(tNext2Word, word(i+2)),
		mix(tPrevShape, shape(i-1)),
		mix(tNextShape, shape(i+1)),
		mix(tCase3, cas(i-1)<<8|cas(i)<<4|cas(i+1)),
		mix(tPrevWordShape, word(i-1)*31+t.shape),
	)
	if i == 0 {
		out = append(out, mix(tFirstCase, uint64(t.cas)))
	}
	if g := gaz(i); g != 0 {
		out = append(out, mix(tGaz, g))
	}
	if g := gaz(i - 1); g != 0 {
		out = append(out, mix(tPrevGaz, g))
	}
	if g := gaz(i + 1); g != 0 {
		out = append(out, mix(tNextGaz, g))
	}
	return out
}

// sentence is a run of tokens the tagger decodes as one sequence.
type sentence struct {
	toks []annot.Token
}

// sentences cuts the tokens of ix into its sentences (annot.Index's
// sentence splitter); a sentence longer than maxSentence tokens is cut, so
// that a text without full stops stays cheap to decode.
func sentences(ix *annot.Index) []sentence {
	toks := ix.Tokens()
	sents := ix.Sentences()
	var out []sentence
	k := 0
	for _, s := range sents {
		a := k
		for k < len(toks) && toks[k].Start < s.End {
			k++
		}
		for a < k {
			b := min(k, a+maxSentence)
			out = append(out, sentence{toks: toks[a:b]})
			a = b
		}
	}
	if k < len(toks) {
		for a := k; a < len(toks); a += maxSentence {
			out = append(out, sentence{toks: toks[a:min(len(toks), a+maxSentence)]})
		}
	}
	return out
}

const maxSentence = 200
