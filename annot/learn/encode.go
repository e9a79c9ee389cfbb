package learn

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// The encoded model: "SBLM", a format version, then, deflated: the labels,
// the document count, the transition scores (float32), and the feature
// rows sorted by hash (hash deltas as uvarints; per row a bitmask of the
// tags with a weight and those weights quantised to 1/scale, zig-zag
// varints). A model trained on 200 news paragraphs is a few tens of KB.
const (
	magic         = "SBLM"
	formatVersion = 1
	// quantum is the weight resolution: perceptron weights are sums of
	// ±1 updates averaged over thousands of steps, and 1/1024 keeps their
	// ranking.
	quantum = 1024
)

// FormatVersion is the version of Encode's format; Decode refuses others,
// so a project trained by a newer build is retrained rather than misread.
const FormatVersion = formatVersion

// Encode writes the model compactly.
func (m *Model) Encode() []byte {
	var raw bytes.Buffer
	var tmp [binary.MaxVarintLen64]byte
	uv := func(v uint64) { raw.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	sv := func(v int64) { raw.Write(tmp[:binary.PutVarint(tmp[:], v)]) }
	uv(uint64(len(m.labels)))
	for _, l := range m.labels {
		uv(uint64(len(l)))
		raw.WriteString(l)
	}
	uv(uint64(m.docs))
	for _, t := range m.trans {
		binary.Write(&raw, binary.LittleEndian, math.Float32bits(t))
	}
	hs := make([]uint64, 0, len(m.index))
	for h := range m.index {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	uv(uint64(len(hs)))
	var prev uint64
	for _, h := range hs {
		uv(h - prev)
		prev = h
		row := m.w[int(m.index[h])*m.k : int(m.index[h])*m.k+m.k]
		var mask uint64
		for j, v := range row {
			if math.Round(float64(v)*quantum) != 0 {
				mask |= 1 << j
			}
		}
		uv(mask)
		for j, v := range row {
			if mask&(1<<j) != 0 {
				sv(int64(math.Round(float64(v) * quantum)))
			}
		}
	}
	var out bytes.Buffer
	out.WriteString(magic)
	out.WriteByte(formatVersion)
	fw, _ := flate.NewWriter(&out, flate.BestCompression)
	fw.Write(raw.Bytes())
	fw.Close()
	return out.Bytes()
}

// maxLabels bounds a decoded model: the row bitmask is 64 bits.
const maxLabels = 31

// Decode reads a model Encode wrote. A damaged or foreign blob is a
// one-line error.
func Decode(b []byte) (*Model, error) {
	if len(b) < len(magic)+1 || string(b[:len(magic)]) != magic {
		return nil, errors.New("learned model: not a Spanbench model")
	}
	if b[len(magic)] != formatVersion {
		return nil, fmt.Errorf("learned model: format %d, this build reads %d (train it again)", b[len(magic)], formatVersion)
	}
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(b[len(magic)+1:])))
	if err != nil {
		return nil, fmt.Errorf("learned model: damaged (%v)", err)
	}
	r := bytes.NewReader(raw)
	bad := func(what string) error { return fmt.Errorf("learned model: damaged %s", what) }
	nl, err := binary.ReadUvarint(r)
	if err != nil || nl > maxLabels {
		return nil, bad("label count")
	}
	m := &Model{}
	for i := uint64(0); i < nl; i++ {
		n, err := binary.ReadUvarint(r)
		if err != nil || n > uint64(r.Len()) {
			return nil, bad("label")
		}
		l := make([]byte, n)
		io.ReadFull(r, l)
		m.labels = append(m.labels, string(l))
	}
	m.k = 1 + 2*len(m.labels)
	docs, err := binary.ReadUvarint(r)
	if err != nil || docs > math.MaxInt32 {
		return nil, bad("document count")
	}
	m.docs = int(docs)
	m.trans = make([]float32, (m.k+1)*m.k)
	for i := range m.trans {
		var u uint32
		if err := binary.Read(r, binary.LittleEndian, &u); err != nil {
			return nil, bad("transitions")
		}
		m.trans[i] = math.Float32frombits(u)
	}
	rows, err := binary.ReadUvarint(r)
	if err != nil || rows > uint64(r.Len()) {
		return nil, bad("feature count")
	}
	m.index = make(map[uint64]int32, rows)
	m.w = make([]float32, int(rows)*m.k)
	var h uint64
	for i := 0; i < int(rows); i++ {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, bad("feature")
		}
		h += d
		mask, err := binary.ReadUvarint(r)
		if err != nil || mask>>m.k != 0 {
			return nil, bad("feature weights")
		}
		m.index[h] = int32(i)
		for j := 0; j < m.k; j++ {
			if mask&(1<<j) == 0 {
				continue
			}
			v, err := binary.ReadVarint(r)
			if err != nil {
				return nil, bad("feature weights")
			}
			m.w[i*m.k+j] = float32(v) / quantum
		}
	}
	if r.Len() != 0 {
		return nil, bad("end (trailing bytes)")
	}
	m.tab = newTable(m.index)
	return m, nil
}
