# Compact source of gold.jsonl (see README.md). J(id, traveller, stops, mode, evidence, borderline)
# A stop is "Name" (travelled) or "Name|p" (planned); a leading "*" marks an areal stop (country/state/region);
# "@lat,lon" after the name pins coordinates where the corpus has no toponym for the stop.
ANN = []
def J(doc, traveller, stops, mode, evidence, b=False):
    ANN.append(dict(id=doc, traveller=traveller, stops=stops, mode=mode, evidence=evidence, borderline=b))

# --- batch b00
J("lgl-41740820", "volunteers", ["Alexandria", "Fargo"], "road", "bus 300 volunteers from the Alexandria area to the affected area", b=True)
J("lgl-41740820", "storm system", ["*Nebraska", "*Red River Valley@47.0,-96.8|p"], "storm", "a storm system moving into the Red River Valley from Nebraska", b=True)
J("lgl-44289401", "Steven Sachs", ["Alexandria", "St. Cloud@45.5608,-94.1625"], "road", "taken to the Douglas County Hospital and later transferred to St. Cloud", b=True)
J("lgl-40791127", "the family", ["Wintersville", "Arlington"], None, "before the family moved to Arlington")
J("lgl-41842996", "Ms. Moayyad and her husband", ["*Iran", "Arlington"], None, "Ms. Moayyad and her husband moved to North Texas in 1973")
J("lgl-41876608", "stolen car", ["Decatur", "Evergreen Lake"], None, "the car was found ... submerged in Evergreen Lake", b=True)
J("lgl-38576530", "Hillary Clinton", ["Sharm El-Sheikh", "*Israel"], "air", "first visit to the region started in Sharm El-Sheikh", b=True)
# --- batch b01
J("lgl-41378018", "Mitchell Taleferio", ["Arlington", "Grand Prairie", "Fort Worth"], "air", "later airlifted to John Peter Smith Hospital in Fort Worth", b=True)
J("lgl-44293797", "stolen truck", ["Nashville", "Niota"], "road", "it was the truck stolen in Nashville", b=True)
J("lgl-38991177", "Rev. Al Meredith", ["Fort Worth", "Maryville"], None, "left his church in Fort Worth ... to bring the message to Maryville")
J("lgl-44145252", "Shashawna Odell", ["Grovetown", "Monroeville", "Newton County", "Harlem"], "road", "she willingly drove Mr. Grier to Alabama")
J("lgl-41880857", "Rafael Gomez", ["Danbury", "New Milford"], "road", "arrested by Danbury police ... and brought to New Milford authorities", b=True)
J("lgl-40113605", "Michael Mangini", ["Berlin", "Hartford"], "air", "transported from the scene by Life Star")
# --- batch b02
J("lgl-38543440", "Antonio Savino and his wife", ["Kentford", "Cambridge"], None, "Later they moved to Cambridge")
J("lgl-42638642", "Steve Hurley and family", ["*Grant County|p", "Nitro|p"], None, "he planned to move from Grant County to Nitro", b=True)
# --- batch b03
J("lgl-40245841", "swans", ["Santa Ana", "Columbia"], None, "came to Riverbanks in 2000 from the Santa Ana Zoo", b=True)
J("lgl-40696032", "Sean Babylon", ["*Arkansas", "Columbus"], None, "recently moved back to Columbus from Arkansas")
J("lgl-41748947", "Charles S. Williams", ["Greenwood|p", "*Meigs County|p"], None, "will be returned to Meigs County")
J("lgl-41406888", "Chidinma Anyiwo", ["*Nigeria", "*Clayton County"], None, "Four years ago, she was in Nigeria", b=True)
J("lgl-39960042", "Jane Brautigam", ["Dublin", "Boulder"], None, "Boulder City Council offered then Dublin City Manager ... a position", b=True)
J("lgl-38553509", "Kevin George Baker", ["Norman", "Gainesville", "Sherman|p", "Washington|p"], "road", "ride a bicycle from his hometown of Norman, Okla. to Washington D.C.")
# --- batch b04
J("lgl-41388109", "Stephen Davis", ["Chiefland", "Gainesville"], "road", "Davis was taken to a Gainesville hospital")
# --- batch b05
J("lgl-38551523", "Roger Whipps", ["Sand Creek Township", "Robbinsdale"], "air", "flown to North Memorial Medical Center in Robbinsdale")
J("lgl-42514117", "the Ching family", ["Oroville", "Butte"], "air", "the family was flying from Oroville, Calif., to Montana")
# --- batch b06
J("lgl-40831112", "Balqon Corp.", ["Santa Ana", "Los Angeles"], None, "move his company across the county line from Santa Ana to Los Angeles")
J("lgl-41432379", "Lance Armstrong", ["Palencia", "*United States|p"], "air", "Armstrong said he would fly to the United States", b=True)
J("lgl-39165156", "President Obama", ["Long Beach|p", "*Orange County|p", "Los Angeles|p"], "air", "scheduled to arrive at Long Beach Airport at 3 p.m. Wednesday")
J("lgl-40358302", "Stacy Barker", ["Lancaster", "Palmdale"], "road", "she awoke ... several miles away at a Palmdale park-and-ride", b=True)
J("lgl-43304536", "Dr. Anthony Greco", ["Sault Ste. Marie", "Toronto", "Montreal", "Mount Pleasant"], None, "his move to Texas was later partially motivated by the weather", b=True)
# --- batch b07
J("lgl-43892961", "Jackie Underwood", ["Wairoa", "Newark"], None, "Doctor returns to Newark after practicing in New Zealand")
J("lgl-38754831", "Nawaz Sharif and protesters", ["Lahore", "Islamabad|p"], "road", "protesters ... were traveling to Islamabad to join the planned sit-in")
J("lgl-43963049", "Pauline Munene", ["Nairobi", "*United Kingdom"], None, "Munene arrived in the UK from Nairobi in 2002")
J("lgl-44009830", "Jermaine Bradley", ["South Bend", "Middletown"], None, "a South Bend homicide suspect was in Middletown", b=True)
# --- batch b08
J("lgl-42267097", "James Ernest Barnett", ["Palestine", "*Freestone County"], "road", "led an Anderson County sheriff's deputy on a high speed chase into Freestone County")
J("lgl-42528273", "Terry A. Corbin", ["Paris", "Urbana"], "air", "subsequently airlifted to Carle Foundation Hospital, Urbana")
J("lgl-44256185", "Terry A. Corbin", ["Paris", "Urbana"], None, "died ... at Carle Foundation Hospital in Urbana", b=True)
J("lgl-42814503", "Kelsey Dunkerson", ["Nashville", "Chicacao"], None, "Dunkerson traveled to Chicacao, Guatemala", b=True)
# --- batch b09
J("lgl-40550712", "L. Douglas Wilder", ["*Charles City County", "Richmond"], None, "Wilder lived there before he moved back to Richmond", b=True)
J("lgl-44102988", "Keith Baskerville and Lutchman Chandler", ["Springfield", "Woodbridge"], "road", "abducted Bosworth from Springfield Mall ... drove her to a PDQ Mart in Woodbridge")
J("lgl-44102991", "John Steven Carter", ["Lanexa", "*Alabama"], None, "Carter disappeared but was arrested this month in Alabama", b=True)
J("lgl-39164245", "Monica Rimai", ["Milwaukee", "Cincinnati"], None, "Rimai followed her to Cincinnati from the University of Wisconsin-Milwaukee")
J("lgl-42573062", "the exhibition", ["Norman", "St. Petersburg", "Moscow|p", "San Diego|p"], None, "will return to San Diego after a two-month run at Moscow's Tretyakov", b=True)
# --- batch b10
J("lgl-41822495", "Andrew Trapani", ["Saratoga", "Los Angeles"], None, "decided not long after to move to Los Angeles", b=True)
J("lgl-43914201", "Umoja Iddi Bakari", ["Columbus", "Atlanta"], None, "Bakari fled the Columbus area ... Officers caught up with Bakari near Atlanta", b=False)
J("lgl-38650722", "the Armor School", ["Fort Knox|p", "Fort Benning|p"], None, "the U.S. Army relocates the Armor School from Fort Knox, Ky., to Fort Benning", b=True)
J("lgl-40661246", "Phillip Skaggs Jr. and family", ["St. Paris", "Urbana"], None, "treated at Mercy Memorial Hospital in Urbana and released", b=True)
# --- batch b11
J("lgl-31767483", "the ship Monchegorsk", ["*Iran", "Port Said", "Limassol"], "sea", "The vessel continued on to Port Said, Egypt, and then ... docked in Cyprus")
J("lgl-39086057", "Syrian troops", ["*Syria", "*Lebanon"], "road", "Syria first sent its troops into Lebanon in the 1970s", b=True)
J("lgl-44078451", "snowstorm", ["Bismarck", "Red Wing|p"], "storm", "a heavy-duty snowstorm is supposed to pass north of Rochester as it moves east", b=True)
J("lgl-41413836", "Jessica Kay", ["Paris", "Dallas"], "air", "Kay was transported by helicopter to Dallas")
J("lgl-43665818", "the ship LST-325", ["Evansville", "Jeffersonville|p"], "sea", "typically docked in Evansville will travel to Jeffersonville in August")
J("lgl-44035188", "Ronald Drocy", ["Sevierville", "Knoxville"], None, "pronounced dead at Fort Sanders Medical Center in nearby Knoxville", b=True)
J("lgl-44087308", "three escaped Indiana inmates", ["Branchville", "Alliance", "Lexington"], "road", "They were transferred the next day to the Dawson County Jail in Lexington")
J("lgl-34605959", "a young Kurd (film plot)", ["Calais", "*United Kingdom"], "sea", "helps him swim across the Channel to Britain", b=True)
J("lgl-44248919", "Wafa Younis and the orchestra", ["Jenin", "*Israel"], "road", "taking the orchestra to play for the Holocaust survivors", b=True)
J("lgl-42656375", "Lawrence and Caroline Gallagher", ["Loop Head", "Limerick"], "road", "they made it safely to Limerick Maternity Hospital")
J("lgl-42985483", "Pamela Izevbekhai", ["*Nigeria", "Sligo"], None, "Before Pamela came to live in the north west", b=True)
J("lgl-40818148", "Richard Pehrson II", ["Meadow Grove", "Columbus"], "road", "Pehrson was invited by McMahon to Columbus", b=True)
