package yamlsrc

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/tolint/tolint/graph"
)

// Documents decodes every document of a stream, up to limit of them, for parsers that read
// all the documents of a file. Problems go to errorAt: a byte sequence YAML does not accept
// (no document is read then; what names the file, as for InvalidChar) and more than limit
// documents (the rest is not read). A yaml.v3 error goes to yamlError and ends the stream
// (yaml.v3 cannot resume after one); the documents before it are kept.
func (s *Source) Documents(limit int, what string, errorAt func(graph.Pos, string), yamlError func(error)) []*yaml.Node {
	if pos, msg, bad := s.InvalidChar(what); bad {
		errorAt(pos, msg)
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(s.Data))
	var docs []*yaml.Node
	for {
		doc := new(yaml.Node)
		err := Decode(dec, doc)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			yamlError(err)
			return docs
		}
		if len(docs) == limit {
			errorAt(s.At(doc.Line, doc.Column), fmt.Sprintf("more than %d YAML documents in one file; the rest is not read", limit))
			return docs
		}
		docs = append(docs, doc)
	}
}
