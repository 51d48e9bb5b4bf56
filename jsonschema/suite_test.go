package jsonschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gatehouse/jsontree"
)

// suiteDir returns the JSON-Schema-Test-Suite's draft2020-12 folder, kept
// outside the repository: ../shared/conformance/json-schema-suite from the
// module root (the folder holding go.mod), or from one of its ancestors (a
// git worktree sits deeper than the main checkout). It returns "" when the
// suite is absent.
func suiteDir(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	for {
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		d := filepath.Join(parent, "shared", "conformance", "json-schema-suite", "draft2020-12")
		if _, err := os.Stat(d); err == nil {
			return d
		}
		dir = parent
	}
}

// suiteGroup is one schema of a suite file with its test documents.
type suiteGroup struct {
	File        string
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"schema"`
	Tests       []struct {
		Description string          `json:"description"`
		Data        json.RawMessage `json:"data"`
		Valid       bool            `json:"valid"`
	} `json:"tests"`
}

func loadSuite(t testing.TB) []suiteGroup {
	dir := suiteDir(t)
	if dir == "" {
		t.Skip("JSON-Schema-Test-Suite not found at ../shared/conformance/json-schema-suite (outside the repository)")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no suite files in %s: %v", dir, err)
	}
	var all []suiteGroup
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var groups []suiteGroup
		if err := json.Unmarshal(b, &groups); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i := range groups {
			groups[i].File = filepath.Base(f)
		}
		all = append(all, groups...)
	}
	return all
}

// compileSuite compiles a suite schema as a policy would hold it.
func compileSuite(raw []byte) (*Schema, error) {
	node, serr := jsontree.Parse(raw)
	if serr != nil {
		return nil, serr
	}
	return Compile(node, "schema", nil)
}

// TestSuite runs every case of the official test suite for the supported
// keywords. Schemas using other keywords (or refs outside the policy) must
// be refused at load; the refused groups are listed and counted.
func TestSuite(t *testing.T) {
	groups := loadSuite(t)
	pass, refusedCases := 0, 0
	var refused []string
	for _, g := range groups {
		s, err := compileSuite(g.Schema)
		if err != nil {
			if !errors.Is(err, ErrUnknownKeyword) && !errors.Is(err, ErrBadRef) {
				t.Errorf("%s / %s: compile: %v", g.File, g.Description, err)
				continue
			}
			refusedCases += len(g.Tests)
			refused = append(refused, fmt.Sprintf("%s / %s (%d cases): %s", g.File, g.Description, len(g.Tests),
				strings.ReplaceAll(err.Error(), "\n", "; ")))
			continue
		}
		for _, tc := range g.Tests {
			v, ok := s.Validate(tc.Data)
			if ok != tc.Valid {
				t.Errorf("%s / %s / %s: valid = %v (%+v), want %v\nschema %s\ndata %s", g.File, g.Description,
					tc.Description, ok, v, tc.Valid, g.Schema, tc.Data)
				continue
			}
			// Twice gives the same answer.
			if v2, ok2 := s.Validate(tc.Data); ok2 != ok || v2 != v {
				t.Errorf("%s / %s / %s: second run %+v %v, first %+v %v", g.File, g.Description, tc.Description, v2, ok2, v, ok)
			}
			pass++
		}
	}
	sort.Strings(refused)
	t.Logf("suite: %d cases pass, %d refused at load (%d schemas):", pass, refusedCases, len(refused))
	for _, r := range refused {
		t.Logf("  refused: %s", r)
	}
}
