package format

// SetStageHookForTest makes every export commit call f at each step
// ("written", "data-renamed", "exchanged", "old-moved"), for the tests that
// kill an export there.
func SetStageHookForTest(f func(step string)) { stageHook = f }

// SetNoExchangeForTest makes folder swaps use the two-rename fallback.
func SetNoExchangeForTest(on bool) { noExchange = on }
