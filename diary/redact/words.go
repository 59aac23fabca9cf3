package redact

import "strings"

// commonWords are English words that are written with a capital at the start
// of a sentence, or always (days, months, I), and are almost never a
// person's name. CheckThis passes over them so that what it marks is worth
// reading. Words that are also common names (Will, Bill, Grace, May, Rose,
// Mark, Hope, Joy) are not here: they are marked, and a worker who sees
// "Will" at the start of a question skips it in a glance.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
a about above across after afterwards again against ago all almost alone along already also although always am among an and another any anybody anyone anything anyway anywhere are around as at
back be because been before being below besides better between both but by
can cannot could
did do does doing done down during
each either else enough even ever every everybody everyone everything everywhere
few first for from further
got
had has have having he her here hers herself him himself his how however
i if in inside instead into is it its itself
just
last later least less let like lots
many maybe me might mine more most mostly much must my myself
near nearly neither never next no nobody none nor not nothing now nowhere
of off often oh ok okay on once one only onto or other others otherwise our ours ourselves out outside over
perhaps please
quite
rather really
same second several she should since so some somebody someone something sometimes somewhere soon still such sure
than thank thanks that the their theirs them themselves then there therefore these they this those though through throughout thus to today together tomorrow tonight too toward towards
under unless until up upon us
very
was we well were what whatever when whenever where wherever whether which while who whoever whole whom whose why with within without would
yes yesterday yet you your yours yourself yourselves
monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
morning afternoon evening night week weekend month year
also anyway actually afterwards apparently basically finally first firstly secondly hopefully luckily overall sadly suddenly thankfully honestly
note notes question questions answer answers prompt prompts tag tags mood entry entries summary supervision supervisor
im ive id ill youre were theyre
`) {
		m[w] = true
	}
	return m
}()
