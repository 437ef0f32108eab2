package topology

import (
	"fmt"

	"github.com/tolint/tolint/parsers/internal/yamlsrc"
)

// yamlError turns an error of yaml.v3 into a diagnostic. yaml.v3 gives only a line, and
// none when the problem is on the first line.
func (p *parser) yamlError(err error) {
	if name, ok := yamlsrc.UnknownAnchor(err); ok {
		p.errorAt(p.src.AliasPos(name), fmt.Sprintf("YAML alias *%s refers to an anchor &%s that is not defined before it", name, name))
		return
	}
	line, msg := yamlsrc.ErrorLine(err)
	p.errorAt(p.src.LinePos(line), "YAML syntax error: "+msg)
}
