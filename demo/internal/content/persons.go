package content

import "github.com/dhakira/dhakira"

var persons = []*dhakira.Record{
	{
		Kind: person, Code: "PER-000001", Type: "politician", Reliability: correct,
		Title: tx("بشار الأسد", "Bashar al-Assad"),
		Text: tx(`
رئيس الجمهورية العربية السورية من تموز 2000 حتى 8 كانون الأول 2024، خلفاً لوالده حافظ الأسد. غادر البلاد فجر 8 كانون الأول 2024 مع دخول فصائل المعارضة دمشق، وأعلنت روسيا منحه اللجوء.`, `
President of the Syrian Arab Republic from July 2000 until 8 December 2024, succeeding his father Hafez al-Assad. He left the country before dawn on 8 December 2024 as opposition forces entered Damascus; Russia said it had granted him asylum.`),
		Places: at("SY010000"),
		Attrs:  dhakira.Attrs{Born: "1965-09-11", Aliases: aka("ar:بشار حافظ الأسد", "en:Bashar Hafez al-Assad")},
	},
	{
		Kind: person, Code: "PER-000002", Type: "activist", Reliability: correct,
		Title: tx("رزان زيتونة", "Razan Zaitouneh"),
		Text: tx(`
محامية وناشطة حقوقية دافعت عن المعتقلين السياسيين قبل 2011، وشاركت في تأسيس لجان التنسيق المحلية ومركز توثيق الانتهاكات. اختُطفت من مكتب المركز في دوما ليل 9 كانون الأول 2013 مع زوجها وائل حمادة وزميليها سميرة الخليل وناظم حمادي، ولا يزال مصيرهم مجهولاً.`, `
A lawyer and human rights defender who represented political prisoners before 2011 and co-founded the Local Coordination Committees and the Violations Documentation Center. She was abducted from the centre's office in Douma on the night of 9 December 2013 with her husband Wael Hamada and her colleagues Samira al-Khalil and Nazem Hammadi; their fate is still unknown.`),
		Places: at("PLC-000014"),
		Links:  links("member-of ENT-000012 | co-founder", "member-of ENT-000011"),
		Attrs:  dhakira.Attrs{Born: "1977", Aliases: aka("en:Razan Zeitouneh")},
	},
	{
		Kind: person, Code: "PER-000003", Type: "activist", Reliability: correct,
		Title: tx("سميرة الخليل", "Samira al-Khalil"),
		Text: tx(`
ناشطة سياسية اعتُقلت بين 1987 و1991 بسبب انتمائها إلى حزب معارض. انتقلت إلى الغوطة الشرقية عام 2013 وعملت مع نساء دوما، واختُطفت هناك في 9 كانون الأول 2013 مع رزان زيتونة ورفيقيهما. زوجها الكاتب ياسين الحاج صالح.`, `
A political activist imprisoned from 1987 to 1991 for her membership of an opposition party. She moved to the Eastern Ghouta in 2013 to work with the women of Douma, and was abducted there on 9 December 2013 with Razan Zaitouneh and their two companions. Her husband is the writer Yassin al-Haj Saleh.`),
		Places: at("PLC-000014"),
		Links:  links("related PER-000004 | wife"),
	},
	{
		Kind: person, Code: "PER-000004", Type: "writer", Reliability: correct,
		Title: tx("ياسين الحاج صالح", "Yassin al-Haj Saleh"),
		Text: tx(`
كاتب ومعتقل سياسي سابق من الرقة، قضى ستة عشر عاماً في السجون السورية بين 1980 و1996. عاش متخفياً في دمشق ثم في الغوطة الشرقية عام 2013، وغادر إلى تركيا في العام نفسه. يكتب عن السجن والثورة وعن زوجته المختطفة سميرة الخليل.`, `
A writer and former political prisoner from Raqqa who spent sixteen years in Syrian prisons between 1980 and 1996. He lived in hiding in Damascus and then in the Eastern Ghouta in 2013, and left for Turkey the same year. He writes about prison, the revolution and his abducted wife Samira al-Khalil.`),
		Places: at("SY1101"),
		Attrs:  dhakira.Attrs{Born: "1961"},
	},
	{
		Kind: person, Code: "PER-000005", Type: "victim", Reliability: unverified,
		Title: tx("مازن الحمادة", "Mazen al-Hamada"),
		Text: tx(`
فني نفط من دير الزور شارك في احتجاجات 2011 واعتُقل مرات عدة، آخرها في دمشق في آذار 2012، وقضى قرابة عام ونصف في مراكز احتجاز منها فرع المخابرات الجوية في مطار المزة. بعد الإفراج عنه عام 2013 لجأ إلى هولندا وروى ما تعرّض له في شهادات علنية كثيرة. عاد إلى سوريا في شباط 2020 واختفى فور وصوله، وعُثر على جثمانه في كانون الأول 2024 بعد سقوط النظام. تاريخ وفاته الدقيق غير معروف.`, `
An oil technician from Deir ez-Zor who joined the 2011 protests and was arrested several times, the last in Damascus in March 2012; he spent about a year and a half in detention, including the Air Force Intelligence branch at Mezzeh airport. After his release in 2013 he found asylum in the Netherlands and told what had been done to him in many public testimonies. He went back to Syria in February 2020 and disappeared on arrival; his body was found in December 2024, after the fall of the government. The exact date of his death is not known.`),
		Places: at("SY090100"),
		Attrs:  dhakira.Attrs{Born: "1977", Died: "2024"},
	},
	{
		Kind: person, Code: "PER-000006", Type: "activist", Reliability: unverified,
		Title: tx("غياث مطر", ""),
		Text: tx(`
ناشط من داريا عُرف بلقب «غاندي الصغير»، شارك مع رفاقه في تقديم الورود وزجاجات الماء للجنود خلال مظاهرات 2011 تعبيراً عن سلمية الحراك. اعتُقل في أيلول 2011 وسُلّم جثمانه إلى أهله بعد أيام وعليه آثار تعذيب بحسب ما روت عائلته ورفاقه.`, ""),
		Places: at("PLC-000013"),
		Attrs:  dhakira.Attrs{Died: "2011-09", Aliases: aka("ar:غاندي الصغير", "en:Ghiyath Matar")},
	},
	{
		Kind: person, Code: "PER-000007", Type: "victim", Reliability: correct,
		Title: tx("حمزة الخطيب", "Hamza al-Khatib"),
		Text: tx(`
طفل في الثالثة عشرة من بلدة الجيزة في ريف درعا، اعتُقل في 29 نيسان 2011 خلال مظاهرة، وسُلّم جثمانه إلى أهله في أواخر أيار 2011 وعليه آثار تعذيب. أثارت صور جثمانه موجة احتجاجات واسعة. تاريخ وفاته بين اعتقاله وتسليم جثمانه غير محدد.`, `
A thirteen-year-old boy from al-Jiza in the Daraa countryside, detained during a protest on 29 April 2011, whose body was returned to his family in late May 2011 bearing marks of torture. Images of his body set off a wave of protests. When between his arrest and the return of his body he died is not known.`),
		Places: at("SY120006"),
		Attrs:  dhakira.Attrs{Born: "1997", Died: "2011-04/2011-05"},
	},
	{
		Kind: person, Code: "PER-000008", Type: "activist", Reliability: correct,
		Title: tx("عبد الباسط الساروت", "Abdul Baset al-Sarout"),
		Text: tx(`
حارس مرمى منتخب شباب سوريا ونادي الكرامة، صار في 2011 أحد أشهر منشدي المظاهرات في حمص. حمل السلاح لاحقاً وبقي في أحياء حمص القديمة المحاصرة حتى إجلاء مقاتليها في أيار 2014، وظهر في الفيلم الوثائقي «العودة إلى حمص». توفي في 8 حزيران 2019 متأثراً بجراح أُصيب بها في ريف حماة الشمالي.`, `
Goalkeeper of Syria's youth team and of al-Karamah club, he became in 2011 one of the best-known voices leading the chants at the Homs protests. He later took up arms and stayed in the besieged old districts of Homs until their fighters were evacuated in May 2014; he appears in the documentary "Return to Homs". He died on 8 June 2019 of wounds received in the northern Hama countryside.`),
		Places: at("SY040100"),
		Attrs:  dhakira.Attrs{Born: "1992", Died: "2019-06-08", Aliases: aka("ar:بلبل الثورة", "en:Abdelbasset al-Sarout")},
	},
	{
		Kind: person, Code: "PER-000009", Type: "artist", Reliability: correct,
		Title: tx("فدوى سليمان", "Fadwa Souleimane"),
		Text: tx(`
ممثلة سورية من حلب، انضمت إلى المظاهرات في حمص أواخر 2011 وخاطبت المحتجين إلى جانب عبد الباسط الساروت، داعية إلى وحدة السوريين بكل طوائفهم. غادرت سوريا إلى فرنسا عام 2012، وتوفيت في باريس في 17 آب 2017.`, `
A Syrian actress from Aleppo who joined the Homs protests in late 2011 and addressed the crowds alongside Abdul Baset al-Sarout, calling for the unity of Syrians of every community. She left for France in 2012 and died in Paris on 17 August 2017.`),
		Links: links("related PER-000008 | protested together in Homs"),
		Attrs: dhakira.Attrs{Born: "1970", Died: "2017-08-17", Aliases: aka("en:Fadwa Suleiman")},
	},
	{
		Kind: person, Code: "PER-000010", Type: "journalist", Reliability: correct,
		Title: tx("ماري كولفن", "Marie Colvin"),
		Text: tx(`
مراسلة حربية أمريكية لصحيفة «صنداي تايمز» البريطانية. دخلت حي بابا عمرو المحاصر في حمص في شباط 2012، وقُتلت في قصف استهدف المركز الإعلامي فيه في 22 شباط 2012 مع المصور الفرنسي ريمي أوشليك. قضت محكمة أمريكية عام 2019 بمسؤولية الحكومة السورية عن مقتلها.`, `
An American war correspondent for the British Sunday Times. She entered besieged Baba Amr in Homs in February 2012 and was killed, with the French photographer Rémi Ochlik, when shelling hit the district's media centre on 22 February 2012. A US court ruled in 2019 that the Syrian government was responsible for her death.`),
		Places: at("PLC-000006"),
		Attrs:  dhakira.Attrs{Born: "1956-01-12", Died: "2012-02-22"},
	},
	{
		Kind: person, Code: "PER-000011", Type: "journalist", Reliability: correct,
		Title: tx("ريمي أوشليك", "Rémi Ochlik"),
		Text: tx(`
مصور صحفي فرنسي غطّى ثورات تونس ومصر وليبيا عام 2011. قُتل في قصف بابا عمرو في حمص في 22 شباط 2012 مع ماري كولفن.`, `
A French photojournalist who covered the uprisings in Tunisia, Egypt and Libya in 2011. He was killed by shelling in Baba Amr, Homs, on 22 February 2012, together with Marie Colvin.`),
		Places: at("PLC-000006"),
		Links:  links("related PER-000010 | killed in the same attack"),
		Attrs:  dhakira.Attrs{Born: "1983-10-16", Died: "2012-02-22"},
	},
	{
		Kind: person, Code: "PER-000012", Type: "other", Reliability: correct,
		Title: tx("باسل خرطبيل", "Bassel Khartabil"),
		Text: tx(`
مطوّر برمجيات مفتوحة المصدر من أصل فلسطيني، ومؤسس مشاركات «المشاع الإبداعي» في سوريا، عمل على إعادة بناء مدينة تدمر الأثرية رقمياً. اعتُقل في 15 آذار 2012 في دمشق، وتزوج نورا غازي وهو في سجن عدرا. نُقل من السجن في تشرين الأول 2015 إلى جهة مجهولة، وأعلنت زوجته في آب 2017 أنه أُعدم بعد نقله بأيام.`, `
A Palestinian-Syrian open-source software developer who led Creative Commons in Syria and worked on a 3D reconstruction of ancient Palmyra. He was arrested in Damascus on 15 March 2012 and married Noura Ghazi while held in Adra prison. He was taken from the prison to an unknown place in October 2015; in August 2017 his wife announced that he had been executed days after the transfer.`),
		Places: at("SY010000"),
		Links:  links("related PER-000013 | wife"),
		Attrs:  dhakira.Attrs{Born: "1981-05-22", Died: "2015-10", Aliases: aka("ar:باسل الصفدي", "en:Bassel Safadi")},
	},
	{
		Kind: person, Code: "PER-000013", Type: "activist", Reliability: correct,
		Title: tx("نورا غازي", "Noura Ghazi"),
		Text: tx(`محامية سورية مدافعة عن حقوق المعتقلين وعائلاتهم، وزوجة باسل خرطبيل. أسست منظمة «نوفوتوزون» لدعم عائلات المعتقلين والمختفين.`,
			`A Syrian lawyer who defends detainees and their families, and the wife of Bassel Khartabil. She founded the organisation No Photo Zone to support the families of the detained and disappeared.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:Noura Ghazi Safadi")},
	},
	{
		Kind: person, Code: "PER-000014", Type: "journalist", Reliability: correct,
		Title: tx("مازن درويش", "Mazen Darwish"),
		Text: tx(`
صحفي ومحامٍ، مؤسس المركز السوري للإعلام وحرية التعبير ومديره. اعتُقل مع زملائه عند مداهمة المركز في 16 شباط 2012، وأُفرج عنه في 10 آب 2015. منحته اليونسكو جائزة غييرمو كانو العالمية لحرية الصحافة عام 2015 وهو في السجن.`, `
A journalist and lawyer, founder and director of the Syrian Center for Media and Freedom of Expression. He was arrested with his colleagues when the centre was raided on 16 February 2012 and released on 10 August 2015. UNESCO awarded him the Guillermo Cano World Press Freedom Prize in 2015 while he was still in prison.`),
		Links: links("member-of ENT-000013 | founder and director"),
		Attrs: dhakira.Attrs{Born: "1974"},
	},
	{
		Kind: person, Code: "PER-000015", Type: "journalist", Reliability: correct,
		Title: tx("منصور العمري", "Mansour Omari"),
		Text: tx(`
صحفي وناشط حقوقي عمل في المركز السوري للإعلام وحرية التعبير، واعتُقل عند مداهمته في 16 شباط 2012. أخرج معه عند الإفراج عنه قطعاً من القماش دوّن عليها معتقلون أسماء رفاقهم بمزيج من الدم والصدأ.`, `
A journalist and human rights activist at the Syrian Center for Media and Freedom of Expression, arrested when it was raided on 16 February 2012. When released he carried out scraps of cloth on which detainees had written their cellmates' names in a mix of blood and rust.`),
		Links: links("member-of ENT-000013"),
	},
	{
		Kind: person, Code: "PER-000016", Type: "other", Reliability: correct,
		Title: tx("رائد الصالح", "Raed Saleh"),
		Text: tx(`مدير الدفاع المدني السوري (الخوذ البيضاء)، من جسر الشغور في ريف إدلب. مثّل المنظمة في المحافل الدولية وتسلّم باسمها جوائز عدة.`,
			`Head of Syria Civil Defence (the White Helmets), from Jisr al-Shughur in Idlib. He represented the organisation internationally and accepted several awards on its behalf.`),
		Places: at("SY070400"),
		Links:  links("member-of ENT-000010 | head"),
		Attrs:  dhakira.Attrs{Born: "1983", Aliases: aka("en:Raed al-Saleh")},
	},
	{
		Kind: person, Code: "PER-000017", Type: "journalist", Reliability: correct,
		Title: tx("وعد الخطيب", "Waad al-Kateab"),
		Text: tx(`
صحفية ومخرجة صوّرت الحياة في أحياء حلب الشرقية بين 2012 و2016، وصنعت من تسجيلاتها فيلم «إلى سما» (2019) الذي نال جائزة بافتا لأفضل فيلم وثائقي ورُشّح للأوسكار. زوجها الطبيب حمزة الخطيب.`, `
A journalist and filmmaker who filmed life in eastern Aleppo from 2012 to 2016 and made of her footage "For Sama" (2019), which won the BAFTA for best documentary and was nominated for an Oscar. Her husband is the doctor Hamza al-Kateab.`),
		Places: at("SY020000"),
		Links:  links("related PER-000018 | husband"),
		Attrs:  dhakira.Attrs{Born: "1991", Aliases: aka("en:Waad al-Khateab")},
	},
	{
		Kind: person, Code: "PER-000018", Type: "other", Reliability: correct,
		Title: tx("حمزة الخطيب (طبيب)", "Hamza al-Kateab"),
		Text: tx(`طبيب عمل في مشافي حلب الشرقية خلال الحصار حتى إجلاء المنطقة في كانون الأول 2016. يظهر في فيلم «إلى سما» الذي صوّرته زوجته وعد الخطيب.`,
			`A doctor who worked in the hospitals of eastern Aleppo through the siege until the area was evacuated in December 2016. He appears in "For Sama", filmed by his wife Waad al-Kateab.`),
		Places: at("SY020000"),
	},
	{
		Kind: person, Code: "PER-000019", Type: "other", Reliability: correct,
		Title: tx("أماني بلور", "Amani Ballour"),
		Text: tx(`
طبيبة أطفال من الغوطة الشرقية أدارت مشفى «الكهف» تحت الأرض خلال الحصار حتى 2018، وهي موضوع الفيلم الوثائقي «الكهف» (2019). نالت جائزة راؤول والنبرغ من مجلس أوروبا عام 2020.`, `
A paediatrician from the Eastern Ghouta who ran the underground hospital known as "the Cave" during the siege until 2018, and the subject of the documentary "The Cave" (2019). She received the Council of Europe's Raoul Wallenberg Prize in 2020.`),
		Places: at("SY030105"),
		Attrs:  dhakira.Attrs{Born: "1987"},
	},
	{
		Kind: person, Code: "PER-000020", Type: "activist", Reliability: unverified,
		Title: tx("عمر الشغري", "Omar Alshogre"),
		Text: tx(`
معتقل سابق من قرية البيضا قرب بانياس، اعتُقل وهو في سن المراهقة وقضى نحو ثلاث سنوات في مراكز احتجاز عدة منها سجن صيدنايا، وأُفرج عنه عام 2015. وصل إلى السويد، وصار يروي علناً ما شهده في السجون ويدافع عن قضية المعتقلين.`, `
A former detainee from the village of al-Bayda near Baniyas, arrested as a teenager; he spent about three years in several detention centres, Sednaya among them, and was released in 2015. He reached Sweden and speaks publicly about what he saw in prison and for the cause of detainees.`),
		Places: at("PLC-000025"),
		Attrs:  dhakira.Attrs{Born: "1995", Aliases: aka("en:Omar al-Shogre")},
	},
	{
		Kind: person, Code: "PER-000021", Type: "military", Reliability: correct,
		Title: tx("«قيصر»", "\"Caesar\""),
		Text: tx(`
الاسم الحركي لمصوّر كان يعمل في قسم التوثيق لدى الشرطة العسكرية في دمشق، وانشق عام 2013 حاملاً نحو 55 ألف صورة لجثث معتقلين قضوا في مراكز الاحتجاز. أدلى بشهادته أمام لجنة في الكونغرس الأمريكي في تموز 2014، وحمل قانون «قيصر» الأمريكي لعام 2019 اسمه.`, `
The code name of a photographer in the documentation section of the Military Police in Damascus who defected in 2013 with some 55,000 photographs of the bodies of detainees who died in detention. He testified before a US congressional committee in July 2014, and the US "Caesar" Act of 2019 bears his name.`),
		Links: links("member-of ENT-000007 | photographer, until 2013"),
		Attrs: dhakira.Attrs{Aliases: aka("ar:قيصر", "en:Caesar")},
	},
	{
		Kind: person, Code: "PER-000022", Type: "military", Reliability: correct,
		Title: tx("رياض الأسعد", "Riad al-Asaad"),
		Text: tx(`عقيد في سلاح الجو السوري انشق عام 2011، وأعلن في 29 تموز 2011 تشكيل الجيش السوري الحر وقاده في مرحلته الأولى.`,
			`A colonel of the Syrian air force who defected in 2011, announced the formation of the Free Syrian Army on 29 July 2011 and led it in its early phase.`),
		Links: links("member-of ENT-000004 | founder", "related PER-000029 | fellow defected officer"),
		Attrs: dhakira.Attrs{Born: "1961", Aliases: aka("en:Riyad al-Asaad")},
	},
	{
		Kind: person, Code: "PER-000023", Type: "politician", Reliability: correct,
		Title: tx("كوفي أنان", "Kofi Annan"),
		Text: tx(`
دبلوماسي غاني، الأمين العام السابع للأمم المتحدة. عُيّن في شباط 2012 مبعوثاً خاصاً مشتركاً للأمم المتحدة وجامعة الدول العربية إلى سوريا، وقدّم خطة النقاط الست، واستقال في 2 آب 2012.`, `
A Ghanaian diplomat and the seventh Secretary-General of the United Nations. Appointed in February 2012 Joint Special Envoy of the United Nations and the League of Arab States for Syria, he put forward the six-point plan and resigned on 2 August 2012.`),
		Links: links("related ENT-000018 | Joint Special Envoy, February–August 2012", "related ENT-000026 | Joint Special Envoy"),
		Attrs: dhakira.Attrs{Born: "1938-04-08", Died: "2018-08-18"},
	},
	{
		Kind: person, Code: "PER-000024", Type: "politician", Reliability: correct,
		Title: tx("رياض سيف", "Riad Seif"),
		Text: tx(`صناعي ونائب سابق في مجلس الشعب، اعتُقل بعد «ربيع دمشق» عام 2001. انتُخب رئيساً للائتلاف الوطني في أيار 2017، وكان رئيسه حين صدر بيان سجن حمص المركزي في تشرين الأول 2017.`,
			`An industrialist and former member of parliament, imprisoned after the "Damascus Spring" in 2001. He was elected president of the National Coalition in May 2017 and held the post when the statement on Homs Central Prison was issued in October 2017.`),
		Links: links("member-of ENT-000001 | president, 2017–2018"),
		Attrs: dhakira.Attrs{Born: "1946"},
	},
	{
		Kind: person, Code: "PER-000025", Type: "politician", Reliability: correct,
		Title: tx("فاروق الشرع", "Farouk al-Sharaa"),
		Text: tx(`وزير خارجية سوريا بين 1984 و2006 ثم نائب رئيس الجمهورية. نفى مكتبه في آب 2012 أنباء انشقاقه، وظهر علناً في دمشق بعد ذلك بأيام.`,
			`Syria's foreign minister from 1984 to 2006 and then vice-president. In August 2012 his office denied reports that he had defected, and he appeared in public in Damascus days later.`),
		Attrs: dhakira.Attrs{Born: "1938-12-10", Aliases: aka("en:Farouq al-Shara")},
	},
	{
		Kind: person, Code: "PER-000026", Type: "victim", Reliability: correct,
		Title: tx("خالد الأسعد", "Khaled al-Asaad"),
		Text: tx(`عالم آثار تولّى إدارة آثار تدمر ومتحفها أربعة عقود. رفض مغادرة المدينة بعد سيطرة تنظيم الدولة الإسلامية عليها، فقتله التنظيم في 18 آب 2015 وهو في الثمانينيات من عمره.`,
			`An archaeologist who headed the antiquities and museum of Palmyra for four decades. He refused to leave the town when the Islamic State took it, and the group killed him on 18 August 2015, in his eighties.`),
		Places: at("PLC-000020"),
		Attrs:  dhakira.Attrs{Died: "2015-08-18"},
	},
	{
		Kind: person, Code: "PER-000027", Type: "journalist", Reliability: correct,
		Title: tx("ناجي الجرف", "Naji al-Jerf"),
		Text: tx(`صحفي وصانع أفلام من سلمية، رئيس تحرير مجلة «حنطة». صوّر فيلماً عن جرائم تنظيم الدولة في حلب، واغتيل في مدينة غازي عنتاب التركية في 27 كانون الأول 2015.`,
			`A journalist and filmmaker from Salamiyah, editor of the magazine Hentah. He made a film on the Islamic State's crimes in Aleppo and was assassinated in Gaziantep, Turkey, on 27 December 2015.`),
		Places: at("SY050300"),
		Attrs:  dhakira.Attrs{Died: "2015-12-27"},
	},
	{
		Kind: person, Code: "PER-000028", Type: "activist", Reliability: correct,
		Title: tx("وفاء مصطفى", "Wafa Mustafa"),
		Text: tx(`ناشطة وصحفية اعتقلت قوات الأمن والدها علي مصطفى في دمشق في 2 تموز 2013 ولم يُعرف مصيره. صارت صورتها وهي ترفع صورته أمام محكمة كوبلنز الألمانية رمزاً لقضية المختفين.`,
			`An activist and journalist whose father, Ali Mustafa, was detained by the security forces in Damascus on 2 July 2013 and never heard of again. Her image holding his photograph outside the court in Koblenz, Germany, became a symbol of the cause of the disappeared.`),
	},
	{
		Kind: person, Code: "PER-000029", Type: "military", Reliability: unverified, Status: draft,
		Title: tx("حسين هرموش", "Hussein Harmoush"),
		Text: tx(`
مسودة: مقدم في الجيش السوري أعلن انشقاقه في حزيران 2011 وتأسيس «حركة الضباط الأحرار»، ثم اختفى في تركيا في آب 2011 وظهر على التلفزيون الرسمي السوري. بانتظار التحقق من تاريخ ميلاده ومن مصادر عن مصيره قبل النشر.`, `
Draft: a lieutenant colonel of the Syrian army who announced his defection and the "Free Officers Movement" in June 2011, then vanished in Turkey in August 2011 and appeared on Syrian state television. Awaiting his date of birth and sources on his fate before publication.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:Hussein Harmush")},
	},
	{
		Kind: person, Code: "PER-000030", Type: "artist", Reliability: correct,
		Title: tx("علي فرزات", "Ali Ferzat"),
		Text: tx(`رسام كاريكاتير من حماة، أسس صحيفة «الدومري» الساخرة عام 2001. اعتدى عليه مسلحون في دمشق فجر 25 آب 2011 وضربوا يديه، بعد رسوم انتقد فيها الرئيس. اختارته مجلة «تايم» عام 2012 بين أكثر الشخصيات تأثيراً في العالم.`,
			`A cartoonist from Hama who founded the satirical paper Al-Domari in 2001. Armed men attacked him in Damascus before dawn on 25 August 2011 and beat his hands, after cartoons criticising the president. Time magazine named him among the world's most influential people in 2012.`),
		Places: at("SY050100"),
		Attrs:  dhakira.Attrs{Born: "1951", Aliases: aka("en:Ali Farzat")},
	},
	{
		Kind: person, Code: "PER-000031", Type: "politician", Reliability: correct,
		Title: tx("رياض حجاب", "Riyad Hijab"),
		Text: tx(`رئيس مجلس الوزراء السوري من حزيران 2012، أعلن انشقاقه في 6 آب 2012 وغادر إلى الأردن. ترأس لاحقاً الهيئة العليا للمفاوضات المعارضة بين 2015 و2017.`,
			`Syrian prime minister from June 2012, he announced his defection on 6 August 2012 and left for Jordan. He later led the opposition High Negotiations Committee from 2015 to 2017.`),
		Attrs: dhakira.Attrs{Born: "1966", Aliases: aka("en:Riad Hijab")},
	},
}
