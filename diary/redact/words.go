package redact

import "strings"

// commonWords are English words that are written with a capital at the start
// of a sentence, or always (days, months, I), and are almost never a
// person's name. CheckThis passes over them so that what it marks is worth
// reading. Words that are also common names (Will, Bill, Grace, May, Rose,
// Mark, Hope, Joy) are not here: they are marked, and a worker who sees
// "Will" at the start of a question skips it in a glance. So are months
// that are names (April, May, June, August).
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
a about above across after afterwards again against ago all almost alone along already also although
always am among an and another any anybody anyone anything anyway anywhere are around as at back be
because been before being below besides better between both but by can cannot could did do does
doing done down during each either else enough even ever every everybody everyone everything
everywhere few first for from further got had has have having he her here hers herself him himself
his how however i if in inside instead into is it its itself just last later least less let like
lots many maybe me might mine more most mostly much must my myself near nearly neither never next no
nobody none nor not nothing now nowhere of off often oh ok okay on once one only onto or other
others otherwise our ours ourselves out outside over perhaps please quite rather really same second
several she should since so some somebody someone something sometimes somewhere soon still such sure
than thank thanks that the their theirs them themselves then there therefore these they this those
though through throughout thus to today together tomorrow tonight too toward towards under unless
until up upon us very was we well were what whatever when whenever where wherever whether which
while who whoever whole whom whose why with within without would yes yesterday yet you your yours
yourself yourselves able absolutely accept accepted act acted action actually add added admitted
afraid agreed ahead alright amazing angry annoyed answered anxious apart appointment arrived ask
asked asking asleep awake away awful bad badly bed began begin beginning behind believe believed
best big bit bored bought break breakfast brief bring brought busy call called calm came cared
careful carried case caught change changed check checked chose clean clear clearly close closed cold
come coming completely confused cried crying day days dead decided deep definitely difficult dinner
drank drove early easier easy eat ate eaten empty end ended ending enjoyed especially evening
eventually exactly exhausted expected explained fair fast felt feel feeling feelings fell fine
finished focused followed food forgot found free friday full fun funny gave get getting give given
glad go going gone good great grateful half handled happened happy hard hate heard heavy help helped
helpful hey hit hold home honestly hopefully hour hours huge hurt idea ill important impossible
interesting job keep kept kind kinda knew know known late learned leave leaving left lesson life
light liked little long longer look looked looking lost lot loud love low lunch made main make
making managed meant meeting met mind minute minutes missed moment morning moved need needed needs
nervous new nice normal noticed odd old open opened part past people picked plan planned played
pretty probably proud put quick quickly quiet ran rang read ready real realised realized reflecting
relieved remember remembered rest right rough sad said sat saw say saying scared see seemed seems
seen sent set shared short showed sick side sitting slept slow small sorry spent spoke started
starting stayed stopped strange stressed stuck suddenly support supported surprised take taken talk
talked talking taught team tell ten terrible thankfully thing things think thinking third thought
three tired told took tough tried true truly try trying turned two unsure upset used useful usually
visit visited wait waited waiting walked want wanted watched way weird went wish woke word words
work worked working worried worry worse worst wrote wrong yeah young calls client clients colleague
colleagues manager managers staff shift shifts service services outreach drop-in centre center
hostel office monday tuesday wednesday thursday saturday sunday january february march july
september october november december afternoon night week weekend month year apparently basically
finally firstly secondly luckily overall sadly note notes question questions answer answers prompt
prompts tag tags mood entry entries summary supervision supervisor im ive id youre theyre
`) {
		m[w] = true
	}
	return m
}()
