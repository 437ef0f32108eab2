package graph

// Topology is the content of a tolint.yaml: hops the configuration cannot show, names for
// parsed hops, values that override parsed ones, and explicit links.
type Topology struct {
	File  string
	Hops  []*Declaration
	Links []DeclaredLink
}

// Declaration is one entry under hops: in tolint.yaml.
type Declaration struct {
	Name string
	Pos  Pos
	// Kind is empty when not given: the parsed hop's kind, else server.
	Kind    Kind
	KindPos Pos
	// Software and Version ("nginx@1.24" splits into both).
	Software    string
	Version     string
	SoftwarePos Pos
	// Configs name the parsed hops this entry describes: repo-relative files with an
	// optional object ("lb/main.tf#aws_lb.api"). Several (an app's config and its host's
	// sysctl file) make one hop. Empty for a hop known only from here.
	Configs  []ConfigRef
	Listen   []Address
	Listener ListenerDecl
	Pool     PoolDecl
	TCP      TCP
	// Probe is the URL tolint verify measures (not used by lint).
	Probe    string
	ProbePos Pos
}

// ConfigRef is one entry of config: a file and an optional object in it.
type ConfigRef struct {
	File   string
	Object string
	Pos    Pos
}

// ID is the hop id the reference names.
func (c ConfigRef) ID() string {
	if c.Object == "" {
		return c.File
	}
	return c.File + "#" + c.Object
}

// ListenerDecl is what a topology entry states about the hop's listeners.
type ListenerDecl struct {
	Idle    DurationSetting
	Request DurationSetting
}

// PoolDecl is what a topology entry states about the hop's pools.
type PoolDecl struct {
	Idle         DurationSetting
	Request      DurationSetting
	Connect      DurationSetting
	TCPKeepalive DurationSetting
	Reuse        Setting[bool]
	Targets      []Address
}

// DeclaredLink is one "a -> b -> c" line: each arrow links the pools of the left hop to
// the listeners of the right hop.
type DeclaredLink struct {
	Hops   []string
	HopPos []Pos
	Pos    Pos
}
