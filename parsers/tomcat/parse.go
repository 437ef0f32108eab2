package tomcat

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/input"
	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

const software = "tomcat"

// maxDepth bounds element nesting, so a hostile file cannot grow the stack of open elements
// without end.
const maxDepth = 1000

// Parse reads one server.xml into a Tomcat hop.
func Parse(t *input.Tree, rel string, opts input.Options) *graph.Fragment {
	data, err := t.ReadFile(rel)
	if err != nil {
		return t.Unreadable(rel, "Tomcat server.xml", err)
	}
	return parse(data, rel, t.Display(rel), opts)
}

// attr is an attribute with the position of its value.
type attr struct {
	value string
	pos   graph.Pos
}

// element is a start tag: its name, position and attributes.
type element struct {
	name  string
	pos   graph.Pos
	attrs map[string]attr
}

// service collects the connectors and host names of one <Service>.
type service struct {
	connectors []element
	names      []string
}

type reader struct {
	src   *yamlsrc.Source
	hop   *graph.Hop
	diags []graph.Diagnostic
}

func (r *reader) errorAt(p graph.Pos, msg string) {
	r.diags = append(r.diags, graph.Diagnostic{Kind: graph.ParseError, Pos: p, Message: msg})
}

// parse is Parse on bytes already read; display is the file name printed to users.
func parse(data []byte, rel, display string, opts input.Options) *graph.Fragment {
	r := &reader{src: yamlsrc.New(display, data)}
	r.hop = &graph.Hop{ID: rel, Kind: graph.Server, Software: software, Version: opts.Version,
		Pos: graph.Pos{File: display, Line: 1, Col: 1}, Files: []string{rel}}
	for _, s := range r.services(data) {
		for _, c := range s.connectors {
			r.connector(c, s.names)
		}
	}
	return &graph.Fragment{Files: []string{rel}, Hops: []*graph.Hop{r.hop}, Diags: r.diags}
}

// services walks the document and returns its services. Connectors outside a <Service> are
// read as a service of their own, so that a fragment of a server.xml still gives listeners.
func (r *reader) services(data []byte) []*service {
	dec := xml.NewDecoder(bytes.NewReader(data))
	// A declared single-byte encoding is read as is: columns count bytes anyway.
	dec.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252":
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported", charset)
	}
	var out []*service
	var cur *service
	var stack []string
	for {
		start := int(dec.InputOffset())
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			r.errorAt(r.src.NewlinePos(int(dec.InputOffset())), "XML syntax error: "+xmlMessage(err))
			return out
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == maxDepth {
				r.errorAt(r.src.NewlinePos(start), fmt.Sprintf("elements nested more than %d deep; the rest of the file is not read", maxDepth))
				return out
			}
			stack = append(stack, tok.Name.Local)
			el := r.element(tok, data, start, int(dec.InputOffset()))
			switch el.name {
			case "Service":
				cur = &service{}
				out = append(out, cur)
			case "Connector":
				if cur == nil {
					cur = &service{}
					out = append(out, cur)
				}
				cur.connectors = append(cur.connectors, el)
			case "Host":
				if cur != nil && el.attrs["name"].value != "" {
					cur.names = append(cur.names, el.attrs["name"].value)
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if tok.Name.Local == "Service" {
				cur = nil
			}
		case xml.CharData:
			if cur != nil && len(stack) > 0 && stack[len(stack)-1] == "Alias" {
				if name := strings.TrimSpace(string(tok)); name != "" {
					cur.names = append(cur.names, name)
				}
			}
		}
	}
}

// xmlMessage drops the "XML syntax error on line N" prefix; the position says it.
func xmlMessage(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

// element locates the attributes of a start tag in its raw text data[start:end].
func (r *reader) element(tok xml.StartElement, data []byte, start, end int) element {
	el := element{name: tok.Name.Local, pos: r.src.NewlinePos(start + 1), attrs: map[string]attr{}}
	offsets := attrOffsets(data[start:min(end, len(data))])
	for _, a := range tok.Attr {
		off, ok := offsets[a.Name.Local]
		at := el.pos
		if ok {
			at = r.src.NewlinePos(start + off)
		}
		el.attrs[a.Name.Local] = attr{value: a.Value, pos: at}
	}
	return el
}

// attrOffsets maps each attribute name of a raw start tag ("<Connector port="8080" ...>") to
// the offset of its value's first character.
func attrOffsets(raw []byte) map[string]int {
	out := map[string]int{}
	i := 1
	for i < len(raw) && !isSpace(raw[i]) && raw[i] != '>' && raw[i] != '/' {
		i++
	}
	for i < len(raw) {
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		nameStart := i
		for i < len(raw) && !isSpace(raw[i]) && raw[i] != '=' && raw[i] != '>' && raw[i] != '/' {
			i++
		}
		if i == nameStart {
			return out
		}
		name := string(raw[nameStart:i])
		if c := bytes.IndexByte(raw[nameStart:i], ':'); c >= 0 {
			name = name[c+1:]
		}
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] != '=' {
			continue
		}
		i++
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] != '"' && raw[i] != '\'' {
			return out
		}
		q := raw[i]
		i++
		out[name] = i
		end := bytes.IndexByte(raw[i:], q)
		if end < 0 {
			return out
		}
		i += end + 1
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// connector turns a <Connector> into a listener.
func (r *reader) connector(c element, names []string) {
	l := &graph.Listener{Hop: r.hop, Pos: c.pos, Names: names}
	protocol := c.attrs["protocol"].value
	port, hasPort := c.attrs["port"]
	name := "Connector"
	if hasPort {
		name += " " + port.value
	}
	l.Name = name
	if hasPort && !placeholder(port.value) {
		n, err := strconv.Atoi(strings.TrimSpace(port.value))
		switch {
		case err != nil || n < -1 || n > 65535:
			r.errorAt(port.pos, fmt.Sprintf("port %q is not a port number", port.value))
		case n > 0:
			host := ""
			if a, ok := c.attrs["address"]; ok && !placeholder(a.value) {
				host = graph.NormalizeHost(a.value)
			}
			l.Addrs = append(l.Addrs, graph.Address{Host: host, Port: n, Pos: port.pos, Raw: port.value})
		}
	}
	r.hop.Listeners = append(r.hop.Listeners, l)
	if strings.HasPrefix(strings.ToUpper(protocol), "AJP") {
		// AJP connectors keep connections from a web server open, with other defaults
		// than HTTP ones; only values written are read.
		l.Idle, _ = r.millis(c, "keepAliveTimeout")
		if !l.Idle.Known() {
			l.Idle, _ = r.millis(c, "connectionTimeout")
		}
		return
	}
	conn, connOK := r.millis(c, "connectionTimeout")
	if !connOK {
		conn, _ = graph.DefaultDuration(software, r.hop.Version, graph.ListenerRequest, c.pos)
	}
	l.Request = conn
	idle, ok := r.millis(c, "keepAliveTimeout")
	switch {
	case ok:
	case connOK:
		idle = conn
		idle.Origin = graph.Inherited
		idle.Key = "keepAliveTimeout"
		idle.Note = "keepAliveTimeout is not set, so Tomcat uses connectionTimeout"
	default:
		idle, _ = graph.DefaultDuration(software, r.hop.Version, graph.ListenerIdle, c.pos)
	}
	if m, ok := c.attrs["maxKeepAliveRequests"]; ok && strings.TrimSpace(m.value) == "1" {
		idle = graph.DurationSetting{Value: graph.Dur(0), Origin: graph.Explicit, Pos: m.pos, Key: "maxKeepAliveRequests", Raw: m.value,
			Note: "maxKeepAliveRequests=1 turns keep-alive off: the connector closes after each response"}
	} else if ok && !placeholder(m.value) {
		if _, err := strconv.Atoi(strings.TrimSpace(m.value)); err != nil {
			r.errorAt(m.pos, fmt.Sprintf("maxKeepAliveRequests %q is not a number", m.value))
		}
	}
	l.Idle = idle
}

// millis reads a timeout attribute in milliseconds; -1 (or 0) means no timeout.
func (r *reader) millis(c element, key string) (graph.DurationSetting, bool) {
	a, ok := c.attrs[key]
	if !ok || placeholder(a.value) {
		return graph.DurationSetting{}, false
	}
	text := strings.TrimSpace(a.value)
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n > int64(1<<63-1)/int64(time.Millisecond) {
		r.errorAt(a.pos, fmt.Sprintf("%s %q is not a number of milliseconds", key, a.value))
		return graph.DurationSetting{}, false
	}
	s := graph.DurationSetting{Origin: graph.Explicit, Pos: a.pos, Key: key, Raw: a.value, BareUnit: time.Millisecond, OnlyBare: true}
	// -1 is the documented "no timeout"; Tomcat's poller times a socket out only when its
	// timeout is positive, so 0 means the same.
	if n <= 0 {
		s.Value = graph.NoTimeout
	} else {
		s.Value = graph.Dur(time.Duration(n) * time.Millisecond)
	}
	return s, true
}

// placeholder reports a ${property} Tomcat substitutes at start-up.
func placeholder(v string) bool { return strings.Contains(v, "${") }
