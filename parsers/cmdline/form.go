package cmdline

import (
	"strconv"

	"github.com/tolint/tolint/graph"
)

// Form is a command as a Dockerfile or compose file writes it: a list of words (exec form)
// or text a shell runs (shell form). The zero Form is "not set".
type Form struct {
	Words []Word
	Shell *Word
	// Pos is where the command is written (its instruction or key).
	Pos graph.Pos
}

// Set reports whether the form holds a command.
func (f Form) Set() bool { return f.Words != nil || f.Shell != nil }

// Command joins an entrypoint and a command as Docker does: an exec-form entrypoint gets
// the command's words as arguments (a shell-form command as /bin/sh -c TEXT), a shell-form
// entrypoint ignores the command. Shell text is split with its $VAR references resolved
// through env, the environment the container runs with.
func Command(entrypoint, cmd Form, env Env) ([]Word, error) {
	if entrypoint.Shell != nil {
		return Split(entrypoint.Shell.Text, entrypoint.Shell.At, env)
	}
	words := append([]Word(nil), entrypoint.Words...)
	if cmd.Shell != nil {
		if len(words) == 0 {
			return Split(cmd.Shell.Text, cmd.Shell.At, env)
		}
		return append(words, Literal("/bin/sh", cmd.Pos, false), Literal("-c", cmd.Pos, false), *cmd.Shell), nil
	}
	return append(words, cmd.Words...), nil
}

// ExecForm reads a JSON array of strings (a Dockerfile's exec form) whose text starts at
// at(0); ok is false when text is no such array, which Docker then runs as shell form.
func ExecForm(text string, at func(int) graph.Pos) ([]Word, bool) {
	i := skipSpace(text, 0)
	if i >= len(text) || text[i] != '[' {
		return nil, false
	}
	i = skipSpace(text, i+1)
	words := []Word{}
	if i < len(text) && text[i] == ']' {
		return words, skipSpace(text, i+1) == len(text)
	}
	for {
		if i >= len(text) || text[i] != '"' {
			return nil, false
		}
		w, n, ok := jsonString(text, i, at)
		if !ok {
			return nil, false
		}
		words = append(words, w)
		i = skipSpace(text, n)
		if i < len(text) && text[i] == ',' {
			i = skipSpace(text, i+1)
			continue
		}
		if i < len(text) && text[i] == ']' {
			return words, skipSpace(text, i+1) == len(text)
		}
		return nil, false
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			i++
		case '\\':
			// A line continuation inside an instruction.
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
				j++
			}
			if j < len(s) && s[j] == '\n' {
				i = j + 1
				continue
			}
			return i
		default:
			return i
		}
	}
	return i
}

// jsonString reads the JSON string at text[i] ('"'); it returns the word and the offset
// after the closing quote.
func jsonString(text string, i int, at func(int) graph.Pos) (Word, int, bool) {
	var b builder
	b.add("", at(i), false)
	j := i + 1
	for j < len(text) {
		c := text[j]
		switch {
		case c == '"':
			return b.take(), j + 1, true
		case c == '\\' && j+1 < len(text):
			r, n := unescape(text[j:])
			if n == 0 {
				return Word{}, 0, false
			}
			b.add(r, at(j), true)
			j += n
		case c < 0x20:
			return Word{}, 0, false
		default:
			k := j + 1
			for k < len(text) && text[k] != '"' && text[k] != '\\' && text[k] >= 0x20 {
				k++
			}
			b.add(text[j:k], at(j), true)
			j = k
		}
	}
	return Word{}, 0, false
}

// unescape decodes one JSON escape at the start of s; n is its length (0 if invalid).
func unescape(s string) (string, int) {
	switch s[1] {
	case '"', '\\', '/':
		return s[1:2], 2
	case 'b':
		return "\b", 2
	case 'f':
		return "\f", 2
	case 'n':
		return "\n", 2
	case 'r':
		return "\r", 2
	case 't':
		return "\t", 2
	case 'u':
		if len(s) < 6 {
			return "", 0
		}
		n, err := strconv.ParseUint(s[2:6], 16, 32)
		if err != nil {
			return "", 0
		}
		return string(rune(n)), 6
	}
	return "", 0
}
