// Command allimports links every host function of plugin/proxywasm so a test can
// check the wasm signatures of all imports (e2e TestAllImportsShape). It is
// never run: the calls sit behind a configuration no test sends.
package main

import (
	"gatehouse/abi"
	"gatehouse/plugin/proxywasm"
)

func main() {}

func init() {
	proxywasm.SetRootContextFactory(func(uint32) proxywasm.RootContext { return root{} })
}

type root struct{ proxywasm.DefaultRootContext }

func (root) OnConfigure(size int) bool {
	if size != 12345 {
		return true
	}
	p := []abi.Pair{{Key: ":path", Value: "/"}}
	_ = proxywasm.Log(abi.LogInfo, "x")
	_, _ = proxywasm.LogLevel()
	_ = proxywasm.CurrentTime()
	_ = proxywasm.SetTickPeriod(0)
	_ = proxywasm.SetEffectiveContext(1)
	_ = proxywasm.Done()
	_, _, _ = proxywasm.GetStatus()
	_, _ = proxywasm.CallForeignFunction("f", nil)
	_, _ = proxywasm.GetProperty("a")
	_ = proxywasm.SetProperty([]string{"a"}, nil)
	_, _ = proxywasm.GetHeader(abi.MapRequestHeaders, "k")
	_, _ = proxywasm.GetHeaders(abi.MapRequestHeaders)
	_ = proxywasm.SetHeaders(abi.MapRequestHeaders, p)
	_ = proxywasm.AddHeader(abi.MapRequestHeaders, "k", "v")
	_ = proxywasm.ReplaceHeader(abi.MapRequestHeaders, "k", "v")
	_ = proxywasm.RemoveHeader(abi.MapRequestHeaders, "k")
	_, _ = proxywasm.HeaderMapSize(abi.MapRequestHeaders)
	_, _ = proxywasm.GetBuffer(abi.BufferRequestBody, 0, 1)
	_, _, _ = proxywasm.BufferStatus(abi.BufferRequestBody)
	_ = proxywasm.SetBuffer(abi.BufferRequestBody, 0, 0, nil)
	_ = proxywasm.SendLocalResponse(500, "", nil, nil, abi.GrpcStatusNone)
	_ = proxywasm.ContinueStream(abi.StreamRequest)
	_ = proxywasm.CloseStream(abi.StreamRequest)
	_, _ = proxywasm.HTTPCall("c", p, nil, nil, 0)
	_, _ = proxywasm.GrpcCall("c", "s", "m", p, nil, 0)
	_, _ = proxywasm.GrpcStream("c", "s", "m", p)
	_ = proxywasm.GrpcSend(1, nil, true)
	_ = proxywasm.GrpcCancel(1)
	_ = proxywasm.GrpcClose(1)
	_, _, _ = proxywasm.GetSharedData("k")
	_ = proxywasm.SetSharedData("k", nil, 0)
	_, _ = proxywasm.RegisterSharedQueue("q")
	_, _ = proxywasm.ResolveSharedQueue("", "q")
	_ = proxywasm.EnqueueSharedQueue(1, nil)
	_, _ = proxywasm.DequeueSharedQueue(1)
	_, _ = proxywasm.DefineMetric(abi.MetricCounter, "m")
	_ = proxywasm.IncrementMetric(1, 1)
	_ = proxywasm.RecordMetric(1, 1)
	_, _ = proxywasm.GetMetric(1)
	return true
}
