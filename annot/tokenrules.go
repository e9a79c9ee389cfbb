package annot

import (
	"strconv"
	"strings"
	"unicode"
)

// The character classes and special cases of the tokenizer, written from
// the rule files of spaCy's English tokenizer (explosion/spaCy,
// spacy/lang/char_classes.py, punctuation.py, tokenizer_exceptions.py and
// lang/en/tokenizer_exceptions.py, MIT licence): the same lists, kept as
// data. Where spaCy lists the letters of a few dozen scripts, Unicode's
// letter categories stand in for them.

// tokPunct are spaCy's PUNCT characters: a prefix or suffix of any chunk.
const tokPunct = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪"

// tokQuotes are spaCy's QUOTES: prefixes and suffixes too, and the quote
// class of its look-behinds.
const tokQuotes = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧"

// tokCurrency are spaCy's CURRENCY symbols, longest first where one
// starts another.
var tokCurrency = []string{"US$", "C$", "A$", "$", "£", "€", "¥", "฿", "₽", "﷼", "₴", "₠", "₡", "₢", "₣", "₤", "₥", "₦", "₧",
	"₨", "₩", "₪", "₫", "₭", "₮", "₯", "₰", "₱", "₲", "₳", "₵", "₶", "₷", "₸", "₹", "₺", "₻", "₼", "₾", "₿"}

// tokUnits are spaCy's UNITS, split off a number they follow ("5km").
var tokUnits = strings.Fields("km km² km³ m m² m³ dm dm² dm³ cm cm² cm³ mm mm² mm³ ha µm nm yd in ft " +
	"kg g mg µg t lb oz m/s km/h kmh mph hPa Pa mbar mb MB kb KB gb GB tb " +
	"TB T G M K % км км² км³ м м² м³ дм дм² дм³ см см² см³ мм мм² мм³ нм " +
	"кг г мг м/с км/ч кПа Па мбар Кб КБ кб Мб МБ мб Гб ГБ гб Тб ТБ тб" +
	"كم كم² كم³ م م² م³ سم سم² سم³ مم مم² مم³ كم غرام جرام جم كغ ملغ كوب اكواب")

// tokAfterNumber are the units and currency symbols split off a number
// they follow.
var tokAfterNumber = func() map[string]bool {
	m := map[string]bool{}
	for _, u := range append(append([]string(nil), tokUnits...), tokCurrency...) {
		m[u] = true
	}
	return m
}()

// tokHyphens are spaCy's HYPHENS, in its order: an infix between letters.
var tokHyphens = []string{"-", "–", "—", "--", "---", "——", "~"}

func isTokPunct(r rune) bool { return strings.ContainsRune(tokPunct, r) }
func isTokQuote(r rune) bool { return strings.ContainsRune(tokQuotes, r) }
func isTokAlpha(r rune) bool { return unicode.IsLetter(r) }
func isTokDigit(r rune) bool { return r >= '0' && r <= '9' }
func isTokUncased(r rune) bool {
	return unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r)
}

// isTokLower and isTokUpper are spaCy's ALPHA_LOWER and ALPHA_UPPER: each
// includes the scripts without case.
func isTokLower(r rune) bool { return unicode.IsLower(r) || isTokUncased(r) }
func isTokUpper(r rune) bool { return unicode.IsUpper(r) || isTokUncased(r) }

// isTokIcon is spaCy's ICONS: "other symbols" (Unicode So), emoji among
// them.
func isTokIcon(r rune) bool { return r > 0x7f && unicode.Is(unicode.So, r) }

// isTokMark is a character that belongs to the character before it: a
// combining mark, a variation selector, a zero-width joiner. One that
// follows whitespace starts a chunk and is a token of its own.
func isTokMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) || r == '\u200d' || (r >= 0xfe00 && r <= 0xfe0f) ||
		(r >= 0xe0020 && r <= 0xe007f) || (r >= 0x1f3fb && r <= 0x1f3ff)
}

// isUnspaced reports whether r is of a script written without spaces
// between words (Han, kana, Thai, Lao, Khmer, Myanmar): a chunk of it is
// cut further at Unicode word boundaries (UAX #29), one ideograph a token.
func isUnspaced(r rune) bool {
	return r >= 0x0e00 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao,
		unicode.Khmer, unicode.Myanmar)
}

// tokSpecials are spaCy's English tokenizer exceptions: a chunk (or what is
// left of it once prefixes and suffixes are off) that is a key is cut into
// exactly the listed pieces. Keys with an apostrophe also exist with ’.
var tokSpecials = func() map[string][]string {
	m := map[string][]string{}
	add := func(parts ...string) { m[strings.Join(parts, "")] = parts }
	title := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	both := func(w string, f func(w string)) { f(w); f(title(w)) }
	// Pronouns and clitics.
	both("i", func(w string) { add(w, "'m"); add(w, "m"); add(w, "'m", "a"); add(w, "m", "a") })
	for _, p := range []string{"i", "you", "he", "she", "it", "we", "they"} {
		both(p, func(w string) {
			add(w, "'ll")
			add(w, "ll")
			add(w, "'ll", "'ve")
			add(w, "ll", "ve")
			add(w, "'d")
			add(w, "d")
			add(w, "'d", "'ve")
			add(w, "d", "ve")
		})
	}
	for _, p := range []string{"i", "you", "we", "they"} {
		both(p, func(w string) { add(w, "'ve"); add(w, "ve") })
	}
	for _, p := range []string{"you", "we", "they"} {
		both(p, func(w string) { add(w, "'re"); add(w, "re") })
	}
	for _, p := range []string{"he", "she", "it"} {
		both(p, func(w string) { add(w, "'s"); add(w, "s") })
	}
	for _, p := range []string{"who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those"} {
		plural := p == "these" || p == "those"
		sing3 := p == "that" || p == "this"
		both(p, func(w string) {
			if !plural {
				add(w, "'s")
				add(w, "s")
			}
			add(w, "'ll")
			add(w, "ll")
			add(w, "'ll", "'ve")
			add(w, "ll", "ve")
			if !sing3 {
				add(w, "'re")
				add(w, "re")
				add(w, "'ve")
				add(w, "ve")
			}
			add(w, "'d")
			add(w, "d")
			add(w, "'d", "'ve")
			add(w, "d", "ve")
		})
	}
	// Verbs and n't ("ca n't", "wo n't").
	for _, v := range []string{"ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought", "sha",
		"should", "wo", "would"} {
		both(v, func(w string) { add(w, "n't"); add(w, "nt"); add(w, "n't", "'ve"); add(w, "nt", "ve") })
	}
	for _, v := range []string{"could", "might", "must", "should", "would"} {
		both(v, func(w string) { add(w, "'ve"); add(w, "ve") })
	}
	for _, v := range []string{"ai", "are", "is", "was", "were", "have", "has", "dare"} {
		both(v, func(w string) { add(w, "n't"); add(w, "nt") })
	}
	for _, w := range []string{"doin", "goin", "nothin", "nuthin", "ol", "somethin"} {
		both(w, func(w string) { add(w); add(w + "'") })
	}
	for _, w := range []string{"em", "ll", "nuff"} {
		add(w)
		add("'" + w)
	}
	for h := 1; h <= 12; h++ {
		for _, p := range []string{"a.m.", "am", "p.m.", "pm"} {
			add(strconv.Itoa(h), p)
		}
	}
	add("y'", "all")
	add("y", "all")
	both("how", func(w string) { add(w, "'d", "'y") })
	both("not", func(w string) { add(w, "'ve"); add(w, "ve") })
	both("can", func(w string) { add(w, "not") })
	both("gon", func(w string) { add(w, "na") })
	both("got", func(w string) { add(w, "ta") })
	both("let", func(w string) { add(w, "'s") })
	both("c'm", func(w string) { add(w, "on") })
	for _, w := range strings.Fields(`'S 's ‘S ‘s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am
		Ma'am o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin goin' Goin' goin
		Goin Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul.
		Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct.
		Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis. 'd a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G.
		Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md. Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St.
		vs. v.s.`) {
		add(w)
	}
	for _, w := range []string{"ill", "its", "hell", "shell", "shed", "were", "well", "whore"} {
		delete(m, w)
		delete(m, title(w))
	}
	// spaCy's language-independent exceptions.
	for _, w := range strings.Fields(`' \") <space> '' C++ a. b. c. d. e. f. g. h. i. j. k. l. m. n. o. p. q. r. s. t.
		u. v. w. x. y. z. ä. ö. ü. —`) {
		add(w)
	}
	for _, w := range strings.Fields(`:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-)
		(-8 ;) ;-) (; (-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P
		:-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD 8D
		8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o
		0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\(ツ)/¯ (╯°□°）╯︵┻━┻
		><(((*>`) {
		add(w)
	}
	for _, u := range "cfkCFK" {
		add("°", string(u), ".")
	}
	// Every key with an apostrophe also with a right single quotation mark.
	var apos []string
	for k := range m {
		if strings.Contains(k, "'") {
			apos = append(apos, k)
		}
	}
	for _, k := range apos {
		parts := m[k]
		{
			var fixed []string
			for _, p := range parts {
				fixed = append(fixed, strings.ReplaceAll(p, "'", "’"))
			}
			m[strings.ReplaceAll(k, "'", "’")] = fixed
		}
	}
	for k := range m {
		maxSpecialLen = max(maxSpecialLen, len(k))
	}
	return m
}()

// maxSpecialLen is the length in bytes of the longest special case.
var maxSpecialLen int
