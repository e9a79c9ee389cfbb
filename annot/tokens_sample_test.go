package annot_test

import (
	"strings"
	"testing"

	"spanbench/annot"
	"spanbench/assets"
)

// sampleTokens are the tokens of the sample article, written from the rules
// of spaCy's English tokenizer (spacy/lang/punctuation.py, char_classes.py,
// en/tokenizer_exceptions.py): whitespace splits; "“" "(" "$" come off the
// front, "," "." ":" ")" "”" and "’s" off the end; "re-emergence",
// "IS-KP" and "Al-Qaeda" split at the hyphen between letters (infix);
// "we’re" is the special case "we" "’re"; "Mr." is a special case and
// "U.S." matches no suffix rule (a full stop splits off after a lower-case
// letter or two capitals), so both keep their stop. Cross-checked with the
// validator kit's re-implementation (lib/spacy_en_tokenizer.py): equal.
const sampleTokens = `
Photo : Department of State State Department : US and Allies Work to Counter Emerging Terrorist Threats in
Afghanistan WASHINGTON , UNITED STATES – The U.S. Department of State says that Washington is working with its
allies to ensure that Afghanistan never serves as a “ launching pad for terrorist attacks ” against the U.S.
or its allies . During a press briefing on Thursday , August 1 , Vedant Patel , the deputy spokesperson for
the U.S. Department of State , said that the U.S. is working with its allies to prevent the re - emergence of
external threats from Afghanistan . “ We are cooperating with partners and allies , including in the immediate
region ; and we ’re working vigilantly to prevent the re - emergence of external threats from Afghanistan ,
including by working with partners to counteract terrorist recruitment efforts as well , ” Patel said . “ We
are taking a whole - of - government approach to our Afghanistan counterterrorism efforts , ” he added . Mr.
Patel described the Islamic State - Khorasan Province ( IS - KP ) , a regional affiliate of ISIS , as a “
transnational terrorist network , ” highlighting that it has both the ambition and capability to conduct
international terrorist attacks . The Taliban takeover of Afghanistan has intensified security concerns within
the region and the global community . These concerns are rooted in the potential resurgence of terrorist
groups such as Al - Qaeda , ISIS - K , and TTP , all of which pose a significant threat to regional and global
stability . Despite the Taliban ’s claims of having suppressed IS - KP and assuring the regional and
international community that Afghanistan no longer poses a threat , a recent report by the Institute for the
Study of War ( ISW ) reveals that the regime is unable to effectively counter these groups or prevent them
from launching attacks beyond Afghanistan ’s borders . The Washington - based think tank highlighted in the
report that IS - KP has managed to infiltrate the Taliban ’s security forces , undermining the regime ’s
ability to effectively counter the group . “ Taliban security forces have repeatedly arrested local Taliban
officials on charges of working for ISKP , particularly in northern and central Afghanistan , ” part of the
report reads . To disrupt IS - KP ’s financial operations in Afghanistan , the U.S. Department of State
announced last month a reward of up to $ 10 million for information that leads to the identification and
disruption of the group ’s revenue sources and key financial facilitation mechanisms . According to the
department , IS - KP primarily funds its operations by extracting natural resources , including those from
lucrative talc mines , and smuggling these resources out of the country .`

func TestTokensSampleArticle(t *testing.T) {
	ix := annot.NewIndex(assets.SampleText())
	var got []string
	for _, tk := range ix.Tokens() {
		got = append(got, ix.Slice(tk.Start, tk.End))
	}
	want := strings.Fields(sampleTokens)
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Fatalf("token %d = %q, want %q (got %d tokens, want %d); around: %q", i, g, w, len(got), len(want), got[max(0, i-5):min(len(got), i+5)])
		}
	}
}
