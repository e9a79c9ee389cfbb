package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"spanbench/annot"
)

// The HTML reader: a saved news page becomes a document holding the
// article's readable text, as Mozilla's Readability finds it
// (codeberg.org/readeck/go-readability), titled by the article's
// headline. Meta gets the source file name, the page's URL (its canonical
// link or og:url), the publication date, the author, the site name and the
// language when the page states them.

func init() {
	exts := []string{".html", ".htm", ".xhtml"}
	RegisterReader(Reader{Name: "html", Exts: exts, Read: func(_ ReadOptions, paths ...string) iter.Seq2[annot.Bundle, error] {
		return func(yield func(annot.Bundle, error) bool) {
			for _, p := range paths {
				files, err := filesWithExt(p, exts...)
				if err != nil {
					yield(annot.Bundle{}, err)
					return
				}
				for _, f := range files {
					b, err := ReadHTML(f)
					if !yield(b, err) || err != nil {
						return
					}
				}
			}
		}
	}})
}

// ReadHTML reads one saved web page.
func ReadHTML(path string) (annot.Bundle, error) {
	raw, err := readFileLimited(path, MaxTextBytes)
	if err != nil {
		return annot.Bundle{}, err
	}
	b, err := parseHTML(raw, filepath.Base(path))
	if err != nil {
		return annot.Bundle{}, fmt.Errorf("%s: %w", path, err)
	}
	b.Source = path
	return b, nil
}

// minArticle is the shortest readable text, in characters, taken for an
// article: less is page furniture ("Home").
const minArticle = 50

// metaCharset finds the charset a page declares in its first 1024 bytes
// (<meta charset=...> or http-equiv Content-Type), as browsers prescan.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.-]+)`)

// htmlUTF8 returns the page as UTF-8: as it is, or decoded from the legacy
// charset its <meta> declares. UTF-16 and binary data are refused, as for
// text files, and so is invalid UTF-8 in a page that declares no other
// charset (guessing would change the text).
func htmlUTF8(raw []byte) ([]byte, error) {
	err := CheckText(raw)
	if err == nil {
		return raw, nil
	}
	if !errors.Is(err, ErrNotUTF8) {
		return nil, err
	}
	m := metaCharset.FindSubmatch(raw[:min(len(raw), 1024)])
	if m == nil {
		return nil, err
	}
	enc, name := charset.Lookup(string(m[1]))
	if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return nil, err
	}
	out, derr := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(raw)))
	if derr != nil {
		return nil, fmt.Errorf("cannot decode the page from %s: %w", name, derr)
	}
	if err := CheckText(out); err != nil {
		return nil, err
	}
	return out, nil
}

func parseHTML(raw []byte, name string) (annot.Bundle, error) {
	page, err := htmlUTF8(raw)
	if err != nil {
		return annot.Bundle{}, err
	}
	if err := checkNesting(page); err != nil {
		return annot.Bundle{}, err
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return annot.Bundle{}, fmt.Errorf("not readable HTML: %w", err)
	}
	pageURL, title := pageInfo(doc)
	var u *url.URL
	if pageURL != "" {
		u, _ = url.Parse(pageURL)
	}
	art, err := readability.FromDocument(doc, u)
	if err != nil {
		return annot.Bundle{}, fmt.Errorf("no article found: %w", err)
	}
	var text strings.Builder
	if art.Node != nil {
		if err := art.RenderText(&text); err != nil {
			return annot.Bundle{}, err
		}
	}
	body := strings.TrimSpace(text.String())
	if utf8.RuneCountInString(body) < minArticle {
		return annot.Bundle{}, fmt.Errorf("no readable article text in this page (Readability finds %d characters)", utf8.RuneCountInString(body))
	}
	if err := CheckText([]byte(body)); err != nil {
		return annot.Bundle{}, err
	}
	meta := map[string]string{"source": name}
	if pageURL != "" {
		meta["url"] = pageURL
	}
	if t, err := art.PublishedTime(); err == nil {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
			meta["date"] = t.Format("2006-01-02")
		} else {
			meta["date"] = t.Format(time.RFC3339)
		}
	}
	for k, v := range map[string]string{"author": art.Byline(), "site": art.SiteName(), "language": art.Language()} {
		if v = strings.TrimSpace(v); v != "" {
			meta[k] = v
		}
	}
	if t := strings.TrimSpace(art.Title()); t != "" {
		title = t
	}
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		title = annot.TitleFromText(body)
	}
	return annot.Bundle{Doc: annot.Document{Title: title, Text: body, Meta: meta, Status: annot.StatusTodo}}, nil
}

// MaxHTMLDepth is how deeply a page may nest its elements. Browsers stop
// nesting there too (Blink's HTML tree builder attaches elements deeper than
// 512 to the element at depth 512); real news pages nest a few dozen deep.
// Parsing a page is superlinear in its depth (x/net/html walks the stack of
// open elements for every tag, Readability walks every ancestor of every
// node), so a page of 20,000 nested <div>s (220 KB) took minutes; it is
// refused before it is parsed.
const MaxHTMLDepth = 512

// optionalEnd lists the elements whose end tag HTML lets a page leave out
// (a <p> ends at the next <p>): the tree builder closes them, so they are
// not counted as nesting when they are left open.
var optionalEnd = map[string]bool{
	"p": true, "li": true, "dt": true, "dd": true, "option": true, "optgroup": true, "tr": true, "td": true, "th": true,
	"thead": true, "tbody": true, "tfoot": true, "colgroup": true, "caption": true, "rb": true, "rt": true, "rtc": true,
	"rp": true, "html": true, "head": true, "body": true,
}

// voidElement lists the elements that never have content.
var voidElement = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true,
	"link": true, "meta": true, "source": true, "track": true, "wbr": true, "param": true, "keygen": true,
}

// checkNesting refuses a page nesting elements deeper than MaxHTMLDepth,
// with one linear pass of the tokenizer before the (superlinear) parse. It
// keeps the stack of open elements the way the tree builder roughly does: an
// end tag closes the nearest open element of its name and everything opened
// inside it, an end tag with no open element of its name is ignored, and an
// element whose end tag is optional is closed by the next of its kind.
func checkNesting(page []byte) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	var open []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil // io.EOF, or a page the parser will judge itself
		case html.StartTagToken:
			name, _ := z.TagName()
			n := string(name)
			if voidElement[n] {
				continue
			}
			if optionalEnd[n] && len(open) > 0 && open[len(open)-1] == n {
				continue // <p>a<p>b: the second <p> closes the first
			}
			open = append(open, n)
			if len(open) > MaxHTMLDepth {
				return fmt.Errorf("the page nests its elements more than %d deep (as no browser shows a page); not read", MaxHTMLDepth)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == string(name) {
					open = open[:i]
					break
				}
			}
		}
	}
}

// pageInfo finds the page's own URL (canonical link, else og:url) and its
// <title>.
func pageInfo(doc *html.Node) (pageURL, title string) {
	var canonical, og string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := func(k string) string {
				for _, a := range n.Attr {
					if strings.EqualFold(a.Key, k) {
						return strings.TrimSpace(a.Val)
					}
				}
				return ""
			}
			switch n.Data {
			case "link":
				if canonical == "" && strings.EqualFold(attr("rel"), "canonical") {
					canonical = attr("href")
				}
			case "meta":
				if og == "" && (attr("property") == "og:url" || attr("name") == "og:url") {
					og = attr("content")
				}
			case "title":
				if title == "" && n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
					title = n.FirstChild.Data
				}
			case "body":
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, c := range []string{canonical, og} {
		if u, err := url.Parse(c); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u.String(), title
		}
	}
	return "", title
}
