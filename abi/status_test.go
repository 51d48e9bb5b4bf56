package abi

import (
	"errors"
	"testing"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		s       Status
		str     string
		errText string
	}{
		{StatusNotFound, "not found", "proxy-wasm: not found"},
		{StatusCasMismatch, "cas mismatch", "proxy-wasm: cas mismatch"},
		{StatusUnimplemented, "unimplemented", "proxy-wasm: unimplemented"},
		{Status(99), "status 99", "proxy-wasm: status 99"},
	}
	for _, tt := range tests {
		if tt.s.String() != tt.str || tt.s.Error() != tt.errText {
			t.Errorf("Status(%d) = %q / %q, want %q / %q", tt.s, tt.s.String(), tt.s.Error(), tt.str, tt.errText)
		}
		if err := tt.s.Err(); !errors.Is(err, tt.s) {
			t.Errorf("Status(%d).Err() = %v, not Is itself", tt.s, err)
		}
	}
	if StatusOK.Err() != nil {
		t.Fatal("StatusOK.Err() != nil")
	}
	wrapped := errors.Join(errors.New("context"), StatusBadArgument.Err())
	if !errors.Is(wrapped, StatusBadArgument) || errors.Is(wrapped, StatusNotFound) {
		t.Fatal("errors.Is does not tell statuses apart")
	}
}

func TestEnumNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{LogInfo.String(), "info"},
		{LogLevel(9).String(), "level 9"},
		{ActionPause.String(), "pause"},
		{MapHTTPCallResponseTrailers.String(), "http call response trailers"},
		{BufferPluginConfiguration.String(), "plugin configuration"},
		{BufferType(20).String(), "buffer 20"},
		{StreamResponse.String(), "response"},
		{MetricHistogram.String(), "histogram"},
		{PropertyPath("source", "address"), "source\x00address"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if got := SplitPropertyPath("request\x00headers\x00x-a"); len(got) != 3 || got[2] != "x-a" {
		t.Errorf("SplitPropertyPath = %q", got)
	}
}
