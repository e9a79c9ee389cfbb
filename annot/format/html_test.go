package format_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"spanbench/annot/format"
)

const articleHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Patel: US and Allies Work to Counter Threats | Example News</title>
<link rel="canonical" href="https://news.example.org/2024/05/patel-briefing">
<meta property="og:url" content="https://news.example.org/og-url">
<meta property="article:published_time" content="2024-05-26T10:30:00Z">
<meta name="author" content="Ana Reporter">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now</a></nav>
<article>
<h1>Patel: US and Allies Work to Counter Threats</h1>
<p>WASHINGTON — Vedant Patel said on Tuesday that the United States and its allies would keep working together to counter emerging terrorist threats in Afghanistan, and that talks with partners in the region were going well.</p>
<p>“We are cooperating closely with our partners,” Patel told reporters at the State Department briefing. “And we will continue to do so.”</p>
<p>The deputy spokesperson added that humanitarian aid would continue to flow to the Afghan people through international organisations, and that more meetings were planned in Doha in the coming weeks.</p>
</article>
<footer>© Example News. Cookie settings.</footer>
</body></html>`

func TestReadHTML(t *testing.T) {
	p := filepath.Join(t.TempDir(), "patel.html")
	os.WriteFile(p, []byte(articleHTML), 0o644)
	s := mustStore(t)
	importAll(t, s, "auto", format.ReadOptions{}, p)
	b := projectBundles(t, s)[0]
	if !strings.Contains(b.Doc.Title, "Patel: US and Allies Work to Counter Threats") {
		t.Errorf("title = %q", b.Doc.Title)
	}
	if !strings.Contains(b.Doc.Text, "“We are cooperating closely with our partners,” Patel told reporters") {
		t.Errorf("text lacks the quote:\n%s", b.Doc.Text)
	}
	for _, junk := range []string{"Subscribe now", "Cookie settings"} {
		if strings.Contains(b.Doc.Text, junk) {
			t.Errorf("text holds page furniture %q", junk)
		}
	}
	want := map[string]string{"source": "patel.html", "url": "https://news.example.org/2024/05/patel-briefing", "date": "2024-05-26T10:30:00Z"}
	for k, v := range want {
		if b.Doc.Meta[k] != v {
			t.Errorf("meta %s = %q, want %q", k, b.Doc.Meta[k], v)
		}
	}
	if b.Doc.Meta["author"] != "Ana Reporter" {
		t.Errorf("author = %q", b.Doc.Meta["author"])
	}
}

func TestReadHTMLLegacyCharset(t *testing.T) {
	p := filepath.Join(t.TempDir(), "old.htm")
	page := strings.Replace(articleHTML, `<meta charset="utf-8">`, `<meta charset="windows-1252">`, 1)
	page = strings.ReplaceAll(page, "—", "-")
	page = strings.ReplaceAll(page, "“", `"`)
	page = strings.ReplaceAll(page, "”", `"`)
	page = strings.ReplaceAll(page, "©", "(c)")
	page = strings.Replace(page, "Doha", "Doha caf\xe9s", 1) // é in windows-1252
	os.WriteFile(p, []byte(page), 0o644)
	s := mustStore(t)
	importAll(t, s, "html", format.ReadOptions{}, p)
	if b := projectBundles(t, s)[0]; !strings.Contains(b.Doc.Text, "Doha cafés") {
		t.Errorf("text not decoded from windows-1252:\n%s", b.Doc.Text)
	}
}

func TestReadHTMLWithoutArticle(t *testing.T) {
	p := filepath.Join(t.TempDir(), "empty.html")
	os.WriteFile(p, []byte("<html><head><title>x</title></head><body><nav>Home</nav></body></html>"), 0o644)
	mustFail(t, "html", p, "empty.html", "no readable article", false)
}

// TestHTMLDeepNestingRefused: a page of 20,000 nested <div>s (220 KB) held
// the import for minutes (x/net/html and Readability are superlinear in
// depth); it is refused at once, in one line. A page nested as deeply as a
// browser still nests (MaxHTMLDepth), or with thousands of unclosed <p>, is
// read.
func TestHTMLDeepNestingRefused(t *testing.T) {
	para := "<p>" + strings.Repeat("Some words of the article, as a reporter wrote them. ", 3) + "</p>"
	deep := func(n int) string {
		return "<html><body>" + strings.Repeat("<div>", n) + para + strings.Repeat("</div>", n) + "</body></html>"
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "deep.html")
	os.WriteFile(p, []byte(deep(20000)), 0o644)
	mustFail(t, "html", p, "deep.html", "nests its elements more than 512 deep", false)

	for name, page := range map[string]string{
		"at the limit": deep(format.MaxHTMLDepth - 3), // html, body and p count too
		"unclosed p":   "<html><body><div>" + strings.Repeat("<p>"+strings.Repeat("Words of the article here. ", 3), 5000) + "</div></body></html>",
		"stray ends":   "<html><body>" + strings.Repeat("</div></span>", 5000) + para + "</body></html>",
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".html")
		os.WriteFile(p, []byte(page), 0o644)
		if _, err := format.ReadHTML(p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
