// Package learn is a small named-entity tagger that learns from a
// project's own annotations: a structured averaged perceptron over the
// tokens of annot.Index, with BIO tags decoded by Viterbi sentence by
// sentence. It is pure Go (no Fyne, no database, nothing downloaded) and
// trains in well under a second per 100 news articles, so the window can
// retrain it in the background after the coder's edits.
//
// Why a structured perceptron and not a greedy tagger with history
// features: both cost about the same here (nine tags, so Viterbi adds 81
// additions per token to the ~25 feature lookups both pay), but Viterbi
// decodes whole sentences with hard BIO constraints (an I-ORG only after a
// B-ORG or I-ORG), so a proposal is always a well-formed span, and the
// update corrects whole-sequence mistakes (a name cut in two) that a greedy
// tagger makes and then conditions on. The same scores give per-span
// confidences by forward-backward.
//
// Features of a token (hashed, see features.go): its lower-cased form,
// word shape ("Xxxx", "dd.dd"), prefixes of 1-3 and suffixes of 1-4 code
// points, case class, script class (Latin, Han, Arabic, ...: scripts
// without capitals get no case feature, so words, affixes, neighbours and
// the gazetteer carry them), length, digits, the two words on each side,
// the neighbours' shapes and case classes, sentence-initial case, and
// gazetteer hits (B-/I- of the longest gazetteer name covering the token,
// and of its neighbours).
package learn

import (
	"math"
	"math/rand/v2"
	"sort"

	"spanbench/annot"
)

// Entity is a proposed entity span, in code points.
type Entity struct {
	Start, End int
	Label      string
	// Confidence is the model's probability that exactly these tokens
	// carry exactly this label (forward-backward over the Viterbi scores;
	// the least of its tokens' marginals).
	Confidence float64
}

// Document is one training document: its text's index and its entity
// spans (spans of other layers are ignored).
type Document struct {
	Index *annot.Index
	Spans []annot.Span
}

// Options tunes Train.
type Options struct {
	// Epochs over the training sentences; 0 means DefaultEpochs.
	Epochs int
	// Gazetteer maps known names to labels: a hit is a feature, so the
	// model learns how far to trust it.
	Gazetteer *Gazetteer
	// Seed shuffles the sentences between epochs; the same seed and data
	// give the same model.
	Seed uint64
}

// DefaultEpochs is the number of passes Train makes over the data.
const DefaultEpochs = 6

// Model is a trained tagger. It is read-only after Train or Decode and
// safe for concurrent use.
type Model struct {
	labels []string
	k      int              // tags: O, then B-l, I-l for each label
	index  map[uint64]int32 // feature -> row of w
	tab    *table           // index for lookups while tagging
	w      []float32        // rows*k
	trans  []float32        // (k+1)*k: trans[a*k+b] from tag a to b; row k is the start
	docs   int
}

// Labels are the entity labels the model proposes, sorted.
func (m *Model) Labels() []string { return append([]string(nil), m.labels...) }

// Docs is the number of documents the model was trained on.
func (m *Model) Docs() int { return m.docs }

// Features is the number of features with a weight.
func (m *Model) Features() int { return len(m.index) }

func tagB(l int) int { return 1 + 2*l }
func tagI(l int) int { return 2 + 2*l }

// allowed reports whether tag b may follow tag a (a == k: sentence start).
func allowed(a, b, k int) bool {
	if b == 0 || b%2 == 1 {
		return true // O and B-x anywhere
	}
	return a != k && a != 0 && (a == b || a == b-1)
}

// goldTags gives the BIO tags of a sentence's tokens from entity spans
// (sorted by start, longer first; overlapping spans after the first are
// dropped). A token belongs to a span when it overlaps it.
func goldTags(toks []annot.Token, ents []annot.Span, labelOf map[string]int, tags []int) {
	for i := range tags {
		tags[i] = 0
	}
	j := 0
	lastEnd := -1
	for i := 0; i < len(toks); {
		for j < len(ents) && ents[j].End <= toks[i].Start {
			j++
		}
		if j < len(ents) && ents[j].Start < toks[i].End && ents[j].Start >= lastEnd {
			e := ents[j]
			l := labelOf[e.Label]
			tags[i] = tagB(l)
			i++
			for i < len(toks) && toks[i].Start < e.End {
				tags[i] = tagI(l)
				i++
			}
			lastEnd = e.End
			j++
			continue
		}
		i++
	}
}

// trainSent is a featurised training sentence.
type trainSent struct {
	feats []int32 // feature rows of every token, concatenated
	off   []int32 // token t's features are feats[off[t]:off[t+1]]
	gold  []int
}

// Train trains a model on docs. Documents without entity spans still
// teach what is not an entity; the caller decides which documents count as
// coded. A model trained on no entities proposes nothing.
func Train(docs []Document, opt Options) *Model {
	if opt.Epochs <= 0 {
		opt.Epochs = DefaultEpochs
	}
	uses := map[string]int{}
	for _, d := range docs {
		for _, sp := range d.Spans {
			if sp.Layer == annot.LayerEntity || sp.Layer == "" {
				uses[sp.Label]++
			}
		}
	}
	m := &Model{index: map[uint64]int32{}, docs: len(docs)}
	for l := range uses {
		m.labels = append(m.labels, l)
	}
	// At most maxLabels labels, the most used (the encoding's row mask
	// has 64 bits); spans of the others are left out.
	sort.Slice(m.labels, func(i, j int) bool {
		a, b := m.labels[i], m.labels[j]
		return uses[a] > uses[b] || uses[a] == uses[b] && a < b
	})
	m.labels = m.labels[:min(len(m.labels), maxLabels)]
	sort.Strings(m.labels)
	labelOf := map[string]int{}
	for i, l := range m.labels {
		labelOf[l] = i
	}
	k := 1 + 2*len(m.labels)
	m.k = k
	if len(m.labels) == 0 {
		m.trans = make([]float32, (k+1)*k)
		return m
	}

	// Featurise every sentence once; features get rows as they are seen.
	var sents []trainSent
	var info []tokInfo
	var hashes []uint64
	for _, d := range docs {
		ents := entitySpans(d.Spans, labelOf)
		gazTags := opt.Gazetteer.match(d.Index)
		for _, s := range sentences(d.Index) {
			info = fill(info[:0], d.Index, s.toks, gazTags)
			ts := trainSent{off: make([]int32, 0, len(s.toks)+1), gold: make([]int, len(s.toks))}
			for t := range s.toks {
				ts.off = append(ts.off, int32(len(ts.feats)))
				hashes = features(hashes[:0], info, t)
				for _, h := range hashes {
					row, ok := m.index[h]
					if !ok {
						row = int32(len(m.index))
						m.index[h] = row
					}
					ts.feats = append(ts.feats, row)
				}
			}
			ts.off = append(ts.off, int32(len(ts.feats)))
			goldTags(s.toks, ents, labelOf, ts.gold)
			sents = append(sents, ts)
		}
	}

	// Averaged perceptron (Daumé's trick): w is the current weights, u
	// accumulates c*update, and the average is w - u/c.
	rows := len(m.index)
	w := make([]float64, rows*k)
	u := make([]float64, rows*k)
	tw := make([]float64, (k+1)*k)
	tu := make([]float64, (k+1)*k)
	c := 1.0
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	var dec decoder
	update := func(rowsOf []int32, tag int, d float64) {
		for _, f := range rowsOf {
			w[int(f)*k+tag] += d
			u[int(f)*k+tag] += c * d
		}
	}
	tr := transitions(k, tw) // tw with BIO's -Inf, kept in step with tw
	for ep := 0; ep < opt.Epochs; ep++ {
		mistakes := 0
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, si := range order {
			s := &sents[si]
			n := len(s.gold)
			dec.reset(n, k)
			for t := 0; t < n; t++ {
				em := dec.em[t*k : (t+1)*k]
				for _, f := range s.feats[s.off[t]:s.off[t+1]] {
					row := w[int(f)*k : int(f)*k+k]
					for j := range em {
						em[j] += row[j]
					}
				}
			}
			pred := dec.viterbi(n, k, tr)
			prev, prevG := k, k
			for t := 0; t < n; t++ {
				g, p := s.gold[t], pred[t]
				if g != p {
					fs := s.feats[s.off[t]:s.off[t+1]]
					update(fs, g, 1)
					update(fs, p, -1)
				}
				if g != p || prevG != prev {
					mistakes++
					tw[prevG*k+g]++
					tu[prevG*k+g] += c
					tw[prev*k+p]--
					tu[prev*k+p] -= c
					tr[prevG*k+g]++
					tr[prev*k+p]--
				}
				prev, prevG = p, g
			}
			c++
		}
		if mistakes == 0 {
			break // the data is learned: more epochs change nothing
		}
	}

	// Average, and keep only the rows with a weight.
	idx := make(map[uint64]int32, len(m.index)/4)
	var ws []float32
	for h, row := range m.index {
		r := int(row) * k
		keep := false
		avg := make([]float32, k)
		for j := 0; j < k; j++ {
			avg[j] = float32(w[r+j] - u[r+j]/c)
			if math.Abs(float64(avg[j])) > 1e-4 {
				keep = true
			}
		}
		if keep {
			idx[h] = int32(len(ws) / k)
			ws = append(ws, avg...)
		}
	}
	m.index, m.w = idx, ws
	m.tab = newTable(idx)
	m.trans = make([]float32, (k+1)*k)
	for i := range m.trans {
		m.trans[i] = float32(tw[i] - tu[i]/c)
	}
	return m
}

// entitySpans returns the entity spans with a label the model has, sorted
// by start, longer first.
func entitySpans(spans []annot.Span, labelOf map[string]int) []annot.Span {
	var out []annot.Span
	for _, sp := range spans {
		if _, ok := labelOf[sp.Label]; ok && (sp.Layer == annot.LayerEntity || sp.Layer == "") {
			out = append(out, sp)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].End > out[j].End
	})
	return out
}

// fill describes the tokens of a sentence.
func fill(info []tokInfo, ix *annot.Index, toks []annot.Token, gazTags map[int]uint64) []tokInfo {
	for _, t := range toks {
		var ti tokInfo
		describe(ix.Slice(t.Start, t.End), &ti)
		if gazTags != nil {
			ti.gaz = gazTags[t.Start]
		}
		info = append(info, ti)
	}
	return info
}

// decoder holds the scratch space of Viterbi and forward-backward.
type decoder struct {
	em   []float64 // n*k emission scores
	best []float64
	back []int32
	tags []int
}

func (d *decoder) reset(n, k int) {
	if cap(d.em) < n*k {
		d.em = make([]float64, n*k)
		d.best = make([]float64, n*k)
		d.back = make([]int32, n*k)
	}
	d.em = d.em[:n*k]
	clear(d.em)
	d.best = d.best[:n*k]
	d.back = d.back[:n*k]
	if cap(d.tags) < n {
		d.tags = make([]int, n)
	}
	d.tags = d.tags[:n]
}

// viterbi returns the best tag sequence under the emission scores in d.em
// and the transition scores tr[a*k+b] (a == k: the start; -Inf where BIO
// forbids b after a).
func (d *decoder) viterbi(n, k int, tr []float64) []int {
	if n == 0 {
		return d.tags
	}
	inf := math.Inf(-1)
	for b := 0; b < k; b++ {
		d.best[b] = tr[k*k+b] + d.em[b]
	}
	for t := 1; t < n; t++ {
		prev := d.best[(t-1)*k : t*k]
		for b := 0; b < k; b++ {
			bs, arg := inf, 0
			if b > 0 && b%2 == 0 {
				// I-x follows only B-x or I-x: two candidates, not k.
				bs, arg = prev[b-1]+tr[(b-1)*k+b], b-1
				if v := prev[b] + tr[b*k+b]; v > bs {
					bs, arg = v, b
				}
			} else {
				for a, p := range prev {
					if v := p + tr[a*k+b]; v > bs {
						bs, arg = v, a
					}
				}
			}
			d.best[t*k+b] = bs + d.em[t*k+b]
			d.back[t*k+b] = int32(arg)
		}
	}
	bs, arg := inf, 0
	for b := 0; b < k; b++ {
		if v := d.best[(n-1)*k+b]; v > bs {
			bs, arg = v, b
		}
	}
	for t := n - 1; t >= 0; t-- {
		d.tags[t] = arg
		arg = int(d.back[t*k+arg])
	}
	return d.tags
}

// transitions returns a transition matrix for viterbi: scores where BIO
// allows the pair, -Inf where it does not.
func transitions[F float32 | float64](k int, scores []F) []float64 {
	tr := make([]float64, (k+1)*k)
	for a := 0; a <= k; a++ {
		for b := 0; b < k; b++ {
			if allowed(a, b, k) {
				tr[a*k+b] = float64(scores[a*k+b])
			} else {
				tr[a*k+b] = math.Inf(-1)
			}
		}
	}
	return tr
}

// Temperature divides the scores before they become probabilities:
// perceptron scores are margins, not log-odds, and taken as they are they
// make nearly every proposal look certain. 6 was chosen on the CoNLL-2002
// sample's unused training sentences (never the held-out documents of the
// learning curve), three models of 200 sentences each: proposals at
// 0.2-0.4 were right 15% of the time, 0.4-0.6 40%, 0.6-0.8 55%, 0.8-1 77%
// (at 1: 0%, 33%, 21%, 67%, nearly all of them at 0.8-1).
const Temperature = 6.0

// marginals returns, for each token, the probability of its tag in tags,
// treating the scores as the log-potentials of a linear-chain CRF.
func (d *decoder) marginals(n, k int, trans []float32, tags []int) []float64 {
	alpha := make([]float64, n*k)
	beta := make([]float64, n*k)
	ex := make([]float64, n*k)
	et := make([]float64, (k+1)*k)
	for a := 0; a <= k; a++ {
		for b := 0; b < k; b++ {
			if allowed(a, b, k) {
				et[a*k+b] = math.Exp(float64(trans[a*k+b]) / Temperature)
			}
		}
	}
	for t := 0; t < n; t++ {
		mx := math.Inf(-1)
		for b := 0; b < k; b++ {
			mx = max(mx, d.em[t*k+b])
		}
		for b := 0; b < k; b++ {
			ex[t*k+b] = math.Exp((d.em[t*k+b] - mx) / Temperature)
		}
	}
	norm := func(v []float64) {
		s := 0.0
		for _, x := range v {
			s += x
		}
		if s > 0 {
			for i := range v {
				v[i] /= s
			}
		}
	}
	for b := 0; b < k; b++ {
		alpha[b] = et[k*k+b] * ex[b]
	}
	norm(alpha[:k])
	for t := 1; t < n; t++ {
		for b := 0; b < k; b++ {
			s := 0.0
			for a := 0; a < k; a++ {
				s += alpha[(t-1)*k+a] * et[a*k+b]
			}
			alpha[t*k+b] = s * ex[t*k+b]
		}
		norm(alpha[t*k : (t+1)*k])
	}
	for b := 0; b < k; b++ {
		beta[(n-1)*k+b] = 1
	}
	for t := n - 2; t >= 0; t-- {
		for a := 0; a < k; a++ {
			s := 0.0
			for b := 0; b < k; b++ {
				s += et[a*k+b] * ex[(t+1)*k+b] * beta[(t+1)*k+b]
			}
			beta[t*k+a] = s
		}
		norm(beta[t*k : (t+1)*k])
	}
	out := make([]float64, n)
	p := make([]float64, k)
	for t := 0; t < n; t++ {
		for b := 0; b < k; b++ {
			p[b] = alpha[t*k+b] * beta[t*k+b]
		}
		norm(p)
		out[t] = p[tags[t]]
	}
	return out
}

// Predict tags the text of ix and returns the entities it finds, by
// position. gaz may be nil.
func (m *Model) Predict(ix *annot.Index, gaz *Gazetteer) []Entity {
	if m == nil || len(m.labels) == 0 {
		return nil
	}
	k := m.k
	var out []Entity
	var dec decoder
	var info []tokInfo
	var hashes []uint64
	gazTags := gaz.match(ix)
	trans := transitions(k, m.trans)
	for _, s := range sentences(ix) {
		n := len(s.toks)
		info = fill(info[:0], ix, s.toks, gazTags)
		dec.reset(n, k)
		for t := 0; t < n; t++ {
			em := dec.em[t*k : (t+1)*k]
			hashes = features(hashes[:0], info, t)
			for _, h := range hashes {
				row, ok := m.tab.get(h)
				if !ok {
					continue
				}
				ws := m.w[int(row)*k : int(row)*k+k]
				for j := range em {
					em[j] += float64(ws[j])
				}
			}
		}
		tags := dec.viterbi(n, k, trans)
		var marg []float64
		for t := 0; t < n; t++ {
			if tags[t] == 0 || tags[t]%2 == 0 {
				continue
			}
			if marg == nil {
				marg = dec.marginals(n, k, m.trans, tags)
			}
			e := t + 1
			for e < n && tags[e] == tags[t]+1 {
				e++
			}
			conf := 1.0
			for j := t; j < e; j++ {
				conf = min(conf, marg[j])
			}
			out = append(out, Entity{Start: s.toks[t].Start, End: s.toks[e-1].End, Label: m.labels[(tags[t]-1)/2], Confidence: conf})
			t = e - 1
		}
	}
	return out
}

// Gazetteer is a compiled list of known names, matched on tokens
// (longest match first, case-sensitive, as the entity suggester does).
type Gazetteer struct {
	first map[string][]gazEntry
}

type gazEntry struct {
	words []string
	tag   string // label
}

// NewGazetteer compiles names (text -> label).
func NewGazetteer(names map[string]string) *Gazetteer {
	g := &Gazetteer{first: map[string][]gazEntry{}}
	texts := make([]string, 0, len(names))
	for t := range names {
		texts = append(texts, t)
	}
	sort.Strings(texts)
	for _, t := range texts {
		ix := annot.NewIndex(t)
		var words []string
		for _, tok := range ix.Tokens() {
			words = append(words, ix.Slice(tok.Start, tok.End))
		}
		if len(words) == 0 {
			continue
		}
		g.first[words[0]] = append(g.first[words[0]], gazEntry{words: words, tag: names[t]})
	}
	for w, es := range g.first {
		sort.SliceStable(es, func(i, j int) bool { return len(es[i].words) > len(es[j].words) })
		g.first[w] = es
	}
	return g
}

// Len is the number of names.
func (g *Gazetteer) Len() int {
	if g == nil {
		return 0
	}
	n := 0
	for _, es := range g.first {
		n += len(es)
	}
	return n
}

// match returns, for the start of every token a name covers, the hash of
// its B-/I- tag.
func (g *Gazetteer) match(ix *annot.Index) map[int]uint64 {
	if g == nil || len(g.first) == 0 {
		return nil
	}
	toks := ix.Tokens()
	out := map[int]uint64{}
	for i := 0; i < len(toks); i++ {
		es := g.first[ix.Slice(toks[i].Start, toks[i].End)]
	entries:
		for _, e := range es {
			if i+len(e.words) > len(toks) {
				continue
			}
			for j, w := range e.words[1:] {
				t := toks[i+1+j]
				if ix.Slice(t.Start, t.End) != w {
					continue entries
				}
			}
			for j := range e.words {
				p := "I-"
				if j == 0 {
					p = "B-"
				}
				out[toks[i+j].Start] = hashString(p + e.tag)
			}
			i += len(e.words) - 1
			break
		}
	}
	return out
}

func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range s {
		h = fnvRune(h, r)
	}
	return h
}
