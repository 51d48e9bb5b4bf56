package main

import "gatehouse/filters"

// Test hooks. They are nil in the shipped build; the e2e suite builds the plugin
// with the gatehouse_testhooks tag (testhooks.go) to provoke failures that no
// real request can, such as a panic inside a callback.
var (
	beforeDecide          func(*filters.Request)
	beforeResponseHeaders func(*filters.Request)
	// storeFault, when set, returns the error the rate limits' shared data
	// answers with for this request (nil: the host's real answers).
	storeFault func(*filters.Request) error
)
