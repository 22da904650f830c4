package content

import "github.com/dhakira/dhakira"

var entities = []*dhakira.Record{
	{
		Kind: entity, Code: "ENT-000001", Type: "political", Date: "2012-11-11", Reliability: correct,
		Title: tx("الائتلاف الوطني لقوى الثورة والمعارضة السورية", "National Coalition of Syrian Revolution and Opposition Forces"),
		Text: tx(`
تحالف سياسي معارض تأسس في الدوحة في 11 تشرين الثاني 2012، وضمّ المجلس الوطني السوري وقوى وشخصيات معارضة أخرى. اعترفت به دول عديدة ممثلاً للشعب السوري، وتتبع له الحكومة السورية المؤقتة. يصدر بياناته عبر دائرته الإعلامية بالعربية والإنكليزية.`, `
An opposition political alliance founded in Doha on 11 November 2012, bringing together the Syrian National Council and other opposition groups and figures. Many states recognised it as a representative of the Syrian people; the Syrian Interim Government is attached to it. It issues its statements through its Media Department in Arabic and English.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:الائتلاف الوطني السوري", "ar:الائتلاف", "en:Syrian Coalition", "en:Etilaf", "en:SOC")},
	},
	{
		Kind: entity, Code: "ENT-000002", Type: "media", Reliability: correct,
		Title: tx("الدائرة الإعلامية في الائتلاف الوطني السوري", "Syrian Coalition Media Department"),
		Text: tx(`
الجهة التي تصدر البيانات الصحفية والتصريحات الرسمية للائتلاف الوطني السوري وتنشرها على موقعيه العربي والإنكليزي.`, `
The office that issues and publishes the Syrian Coalition's press releases and official statements on its Arabic and English websites.`),
		Links: links("part-of ENT-000001"),
		Attrs: dhakira.Attrs{Parent: "ENT-000001", Aliases: aka("en:Media Department", "ar:الدائرة الإعلامية")},
	},
	{
		Kind: entity, Code: "ENT-000003", Type: "political", Date: "2011-10-02", Reliability: correct,
		Title: tx("المجلس الوطني السوري", "Syrian National Council"),
		Text: tx(`
تحالف معارض أُعلن عن تأسيسه في إسطنبول في 2 تشرين الأول 2011، وكان أول إطار جامع لقوى المعارضة السورية في الخارج. انضم لاحقاً إلى الائتلاف الوطني عند تأسيسه في تشرين الثاني 2012.`, `
An opposition alliance announced in Istanbul on 2 October 2011, the first umbrella body of the Syrian opposition abroad. It joined the National Coalition when that was formed in November 2012.`),
		Links: links("member-of ENT-000001 | founding component, November 2012"),
		Attrs: dhakira.Attrs{Aliases: aka("en:SNC")},
	},
	{
		Kind: entity, Code: "ENT-000004", Type: "military", Date: "2011-07-29", Reliability: correct,
		Title: tx("الجيش السوري الحر", "Free Syrian Army"),
		Text: tx(`
اسم أطلقه ضباط منشقون عن الجيش السوري على تشكيلهم المسلح، أعلنه العقيد رياض الأسعد في تسجيل مصوّر في 29 تموز 2011. صار الاسم لاحقاً مظلة لعشرات الفصائل المحلية التي لم تخضع لقيادة موحدة فعلية.`, `
The name that officers who had defected from the Syrian army gave to their armed formation, announced by Colonel Riad al-Asaad in a video on 29 July 2011. The name later covered dozens of local factions without an effective unified command.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:FSA")},
	},
	{
		Kind: entity, Code: "ENT-000005", Type: "governmental", Reliability: correct,
		Title: tx("وزارة الدفاع السورية", "Syrian Ministry of Defence"),
		Text: tx(`
الوزارة المسؤولة عن القوات المسلحة السورية، وتتبع لها الشرطة العسكرية التي أدارت سجن صيدنايا العسكري.`, `
The ministry responsible for the Syrian armed forces; the Military Police, which ran Sednaya Military Prison, answered to it.`),
	},
	{
		Kind: entity, Code: "ENT-000006", Type: "military", Reliability: correct,
		Title: tx("الجيش العربي السوري", "Syrian Arab Army"),
		Text: tx(`
القوات البرية النظامية للجمهورية العربية السورية. انهارت قيادته وانسحبت وحداته من معظم المدن في الأيام الأخيرة من تشرين الثاني ومطلع كانون الأول 2024.`, `
The regular land forces of the Syrian Arab Republic. Its command collapsed and its units withdrew from most cities in the last days of November and early December 2024.`),
		Links: links("part-of ENT-000005"),
		Attrs: dhakira.Attrs{Parent: "ENT-000005", Aliases: aka("en:Syrian Army", "ar:الجيش السوري")},
	},
	{
		Kind: entity, Code: "ENT-000007", Type: "military", Reliability: correct,
		Title: tx("الشرطة العسكرية", "Military Police"),
		Text: tx(`
جهاز تابع لوزارة الدفاع، تولّى إدارة سجن صيدنايا العسكري ونقل المعتقلين بين الأفرع الأمنية والمشافي العسكرية، وكان المصوّر المعروف باسم «قيصر» يعمل في قسم التوثيق فيه.`, `
A service of the Ministry of Defence that ran Sednaya Military Prison and moved detainees between security branches and military hospitals; the photographer known as "Caesar" worked in its documentation section.`),
		Links: links("part-of ENT-000005"),
		Attrs: dhakira.Attrs{Parent: "ENT-000005"},
	},
	{
		Kind: entity, Code: "ENT-000008", Type: "military", Reliability: correct,
		Title: tx("إدارة المخابرات الجوية", "Air Force Intelligence Directorate"),
		Text: tx(`
أحد أجهزة الأمن الرئيسية في سوريا. وثّقت منظمات حقوقية احتجاز آلاف المعتقلين في فروعه، ومنها فرع التحقيق في مطار المزة العسكري بدمشق.`, `
One of Syria's main security services. Human rights organisations documented the detention of thousands in its branches, among them the investigation branch at Mezzeh Military Airport in Damascus.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:المخابرات الجوية", "en:Air Force Intelligence")},
	},
	{
		Kind: entity, Code: "ENT-000009", Type: "governmental", Reliability: correct,
		Title: tx("وزارة الداخلية السورية", "Syrian Ministry of Interior"),
		Text: tx(`
الوزارة المسؤولة عن الشرطة المدنية والسجون المركزية في المحافظات، ومنها سجن حمص المركزي وسجن دمشق المركزي في عدرا.`, `
The ministry responsible for the civil police and the provincial central prisons, among them Homs Central Prison and Damascus Central Prison at Adra.`),
	},
	{
		Kind: entity, Code: "ENT-000010", Type: "civil", Date: "2014", Reliability: correct,
		Title: tx("الدفاع المدني السوري (الخوذ البيضاء)", "Syria Civil Defence (White Helmets)"),
		Text: tx(`
منظمة إنقاذ تطوعية نشأت من فرق محلية تشكّلت منذ 2012 للبحث عن العالقين تحت الأنقاض بعد القصف، وتوحّدت في 2014. شعارها «ومن أحياها فكأنما أحيا الناس جميعاً». نالت جائزة «رايت لايفليهود» في 2016.`, `
A volunteer rescue organisation that grew out of local teams formed from 2012 to dig survivors out of the rubble after bombardments, and was unified in 2014. Its motto: "to save one life is to save all of humanity". It received the Right Livelihood Award in 2016.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:الخوذ البيضاء", "en:White Helmets", "en:SCD")},
	},
	{
		Kind: entity, Code: "ENT-000011", Type: "civil", Date: "2011", Reliability: correct,
		Title: tx("لجان التنسيق المحلية في سوريا", "Local Coordination Committees of Syria"),
		Text: tx(`
شبكة من التنسيقيات المحلية نشأت في ربيع 2011 لتنظيم المظاهرات السلمية ونقل أخبارها وتوثيق أعداد الضحايا يوماً بيوم.`, `
A network of local committees formed in the spring of 2011 to organise peaceful protests, report on them and record the day's casualties.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:التنسيقيات", "en:LCC")},
	},
	{
		Kind: entity, Code: "ENT-000012", Type: "civil", Date: "2011", Reliability: correct,
		Title: tx("مركز توثيق الانتهاكات في سوريا", "Violations Documentation Center in Syria"),
		Text: tx(`
مركز حقوقي أسسته المحامية رزان زيتونة مع ناشطين آخرين عام 2011 لتوثيق القتلى والمعتقلين والمفقودين بالاسم. كان مكتبه في دوما حين اختُطف فريقه في كانون الأول 2013.`, `
A human rights centre founded in 2011 by the lawyer Razan Zaitouneh and other activists to record the killed, the detained and the missing by name. Its office was in Douma when its team was abducted in December 2013.`),
		Places: at("PLC-000014"),
		Links:  links("related ENT-000011 | worked alongside the Local Coordination Committees"),
		Attrs:  dhakira.Attrs{Aliases: aka("en:VDC")},
	},
	{
		Kind: entity, Code: "ENT-000013", Type: "civil", Date: "2004", Reliability: correct,
		Title: tx("المركز السوري للإعلام وحرية التعبير", "Syrian Center for Media and Freedom of Expression"),
		Text: tx(`
منظمة غير حكومية أسسها الصحفي مازن درويش عام 2004 للدفاع عن حرية الصحافة. داهمت المخابرات الجوية مكتبه في دمشق في 16 شباط 2012 واعتقلت العاملين فيه.`, `
A non-governmental organisation founded by the journalist Mazen Darwish in 2004 to defend press freedom. Air Force Intelligence raided its Damascus office on 16 February 2012 and detained its staff.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:SCM")},
	},
	{
		Kind: entity, Code: "ENT-000014", Type: "civil", Date: "2011-06", Reliability: correct,
		Title: tx("الشبكة السورية لحقوق الإنسان", "Syrian Network for Human Rights"),
		Text: tx(`
منظمة حقوقية مستقلة تأسست في حزيران 2011، تصدر تقارير دورية عن أعداد القتلى والمعتقلين والمختفين قسرياً في سوريا.`, `
An independent human rights organisation founded in June 2011 that publishes regular reports on the numbers of people killed, detained and forcibly disappeared in Syria.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:SNHR")},
	},
	{
		Kind: entity, Code: "ENT-000015", Type: "media", Date: "2012-01", Reliability: correct,
		Title: tx("عنب بلدي", "Enab Baladi"),
		Text: tx(`
صحيفة أسبوعية مستقلة أسسها شبان وشابات من داريا في كانون الثاني 2012، وُزّعت ورقياً في البداية داخل المدينة ثم تحولت إلى مؤسسة إعلامية تنشر بالعربية والإنكليزية.`, `
An independent weekly founded by young men and women of Daraya in January 2012, first handed out on paper in the town and later an outlet publishing in Arabic and English.`),
		Places: at("PLC-000013"),
	},
	{
		Kind: entity, Code: "ENT-000016", Type: "media", Date: "1965", Reliability: correct,
		Title: tx("الوكالة العربية السورية للأنباء (سانا)", "Syrian Arab News Agency (SANA)"),
		Text: tx(`
وكالة الأنباء الرسمية في سوريا، تتبع لوزارة الإعلام، وتنشر بيانات الحكومة ومراسيمها وروايتها للأحداث.`, `
Syria's official news agency, under the Ministry of Information; it publishes the government's statements, decrees and account of events.`),
		Links: links("part-of ENT-000017"),
		Attrs: dhakira.Attrs{Parent: "ENT-000017", Aliases: aka("ar:سانا", "en:SANA")},
	},
	{
		Kind: entity, Code: "ENT-000017", Type: "governmental", Reliability: correct,
		Title: tx("وزارة الإعلام السورية", "Syrian Ministry of Information"),
		Text: tx(`الوزارة المشرفة على وسائل الإعلام الرسمية وعلى منح تراخيص العمل الصحفي في سوريا.`,
			`The ministry overseeing the state media and the licensing of journalists in Syria.`),
	},
	{
		Kind: entity, Code: "ENT-000018", Type: "international", Date: "1945", Reliability: correct,
		Title: tx("الأمم المتحدة", "United Nations"),
		Text: tx(`المنظمة الدولية التي تتبع لها هيئات عدة عملت على الملف السوري: مجلس الأمن، ومفوضية حقوق الإنسان، ولجنة التحقيق الدولية، ومكتب المبعوث الخاص إلى سوريا.`,
			`The international organisation whose bodies worked on Syria include the Security Council, the human rights office, the Commission of Inquiry and the Office of the Special Envoy for Syria.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:UN")},
	},
	{
		Kind: entity, Code: "ENT-000019", Type: "international", Reliability: correct,
		Title: tx("مجلس الأمن الدولي", "United Nations Security Council"),
		Text: tx(`
الهيئة الأممية المعنية بحفظ السلم والأمن الدوليين. أصدر قرارات عدة بشأن سوريا، منها القرار 2042 (2012) والقرار 2118 (2013) والقرار 2254 (2015)، فيما أسقط حق النقض عدداً من مشاريع القرارات.`, `
The UN body charged with international peace and security. It adopted several resolutions on Syria, among them 2042 (2012), 2118 (2013) and 2254 (2015), while vetoes blocked a number of other drafts.`),
		Links: links("part-of ENT-000018"),
		Attrs: dhakira.Attrs{Parent: "ENT-000018", Aliases: aka("en:UN Security Council", "en:UNSC")},
	},
	{
		Kind: entity, Code: "ENT-000020", Type: "international", Reliability: correct,
		Title: tx("مفوضية الأمم المتحدة السامية لحقوق الإنسان", "Office of the United Nations High Commissioner for Human Rights"),
		Text: tx(`مكتب الأمم المتحدة المعني بحقوق الإنسان، أصدر تقارير وتصريحات عن الانتهاكات في سوريا وعن أعداد الضحايا.`,
			`The UN human rights office, which issued reports and statements on violations in Syria and on the number of victims.`),
		Links: links("part-of ENT-000018"),
		Attrs: dhakira.Attrs{Parent: "ENT-000018", Aliases: aka("en:OHCHR")},
	},
	{
		Kind: entity, Code: "ENT-000021", Type: "international", Date: "2011-08", Reliability: correct,
		Title: tx("لجنة التحقيق الدولية المستقلة بشأن الجمهورية العربية السورية", "Independent International Commission of Inquiry on the Syrian Arab Republic"),
		Text: tx(`
لجنة أنشأها مجلس حقوق الإنسان التابع للأمم المتحدة في آب 2011 للتحقيق في انتهاكات القانون الدولي في سوريا منذ آذار 2011، وتقدم تقاريرها إلى المجلس بانتظام.`, `
A commission set up by the UN Human Rights Council in August 2011 to investigate violations of international law in Syria since March 2011; it reports to the Council regularly.`),
		Links: links("part-of ENT-000018"),
		Attrs: dhakira.Attrs{Parent: "ENT-000018", Aliases: aka("en:Commission of Inquiry on Syria", "en:COI")},
	},
	{
		Kind: entity, Code: "ENT-000022", Type: "international", Date: "1961", Reliability: correct,
		Title: tx("منظمة العفو الدولية", "Amnesty International"),
		Text: tx(`منظمة دولية غير حكومية لحقوق الإنسان، أصدرت تقارير عن التعذيب والوفاة في مراكز الاحتجاز السورية، منها تقرير «المسلخ البشري» عن سجن صيدنايا في شباط 2017.`,
			`An international human rights organisation that reported on torture and deaths in Syrian detention, among them "Human Slaughterhouse" on Sednaya Prison in February 2017.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:Amnesty")},
	},
	{
		Kind: entity, Code: "ENT-000023", Type: "international", Date: "1978", Reliability: correct,
		Title: tx("هيومن رايتس ووتش", "Human Rights Watch"),
		Text: tx(`منظمة دولية غير حكومية لحقوق الإنسان، وثّقت مراكز الاحتجاز والهجمات على المدنيين في سوريا، وحللت صور «قيصر» في تقرير صدر عام 2015.`,
			`An international human rights organisation that documented detention centres and attacks on civilians in Syria, and analysed the "Caesar" photographs in a 2015 report.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:HRW")},
	},
	{
		Kind: entity, Code: "ENT-000024", Type: "international", Date: "1863", Reliability: correct,
		Title: tx("اللجنة الدولية للصليب الأحمر", "International Committee of the Red Cross"),
		Text: tx(`منظمة إنسانية مستقلة، عملت في سوريا مع الهلال الأحمر العربي السوري على إيصال المساعدات وعلى زيارة أماكن الاحتجاز حين سُمح لها بذلك.`,
			`An independent humanitarian organisation that worked in Syria with the Syrian Arab Red Crescent to deliver aid and, where it was allowed to, to visit places of detention.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:ICRC")},
	},
	{
		Kind: entity, Code: "ENT-000025", Type: "international", Date: "1997", Reliability: correct,
		Title: tx("منظمة حظر الأسلحة الكيميائية", "Organisation for the Prohibition of Chemical Weapons"),
		Text: tx(`
الهيئة المنفذة لاتفاقية الأسلحة الكيميائية. أشرفت على إزالة المخزون الكيميائي السوري المعلن بعد انضمام سوريا إلى الاتفاقية عام 2013، وحققت بعثاتها في هجمات عدة بعد ذلك.`, `
The body that implements the Chemical Weapons Convention. It oversaw the removal of Syria's declared chemical stockpile after Syria joined the Convention in 2013, and its missions investigated a number of later attacks.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:OPCW")},
	},
	{
		Kind: entity, Code: "ENT-000026", Type: "international", Date: "1945", Reliability: correct,
		Title: tx("جامعة الدول العربية", "League of Arab States"),
		Text: tx(`منظمة إقليمية علّقت عضوية سوريا في تشرين الثاني 2011، وأرسلت بعثة مراقبين إليها بين كانون الأول 2011 وكانون الثاني 2012.`,
			`A regional organisation that suspended Syria's membership in November 2011 and sent an observer mission there between December 2011 and January 2012.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:الجامعة العربية", "en:Arab League")},
	},
	{
		Kind: entity, Code: "ENT-000027", Type: "international", Date: "1971", Reliability: correct,
		Title: tx("", "Médecins Sans Frontières"),
		Text:  tx("", `An international medical humanitarian organisation. In Syria it ran some facilities of its own and supported many hospitals it could not staff, among them al-Quds Hospital in Aleppo.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:MSF", "en:Doctors Without Borders", "ar:أطباء بلا حدود")},
	},
	{
		Kind: entity, Code: "ENT-000028", Type: "military", Date: "2013-04", Reliability: correct,
		Title: tx("تنظيم الدولة الإسلامية", "Islamic State"),
		Text: tx(`
تنظيم مسلح أعلن توسّعه إلى سوريا في نيسان 2013، وسيطر على الرقة ومساحات واسعة من شرق البلاد، وأعلن «الخلافة» في حزيران 2014. فقد آخر معاقله في الباغوز في آذار 2019.`, `
An armed group that announced its expansion into Syria in April 2013, took Raqqa and large areas of the east, and declared a "caliphate" in June 2014. It lost its last stronghold, Baghouz, in March 2019.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:داعش", "en:ISIS", "en:ISIL", "en:Daesh")},
	},
	{
		Kind: entity, Code: "ENT-000029", Type: "military", Date: "2015-10", Reliability: correct,
		Title: tx("قوات سوريا الديمقراطية", "Syrian Democratic Forces"),
		Text: tx(`تحالف عسكري تشكّل في تشرين الأول 2015 في شمال شرق سوريا، تقوده وحدات حماية الشعب الكردية، وخاض بدعم من التحالف الدولي معارك الرقة ودير الزور ضد تنظيم الدولة.`,
			`A military alliance formed in north-eastern Syria in October 2015, led by the Kurdish People's Protection Units, which fought the Islamic State in Raqqa and Deir ez-Zor with the support of the international coalition.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:قسد", "en:SDF")},
	},
	{
		Kind: entity, Code: "ENT-000030", Type: "governmental", Date: "2013", Reliability: correct,
		Title: tx("الحكومة السورية المؤقتة", "Syrian Interim Government"),
		Text: tx(`حكومة شكّلها الائتلاف الوطني عام 2013 لإدارة الخدمات في مناطق سيطرة المعارضة، واستقر عملها لاحقاً في شمال حلب.`,
			`A government formed by the National Coalition in 2013 to run services in opposition-held areas; its work later settled in northern Aleppo.`),
		Links: links("part-of ENT-000001"),
		Attrs: dhakira.Attrs{Parent: "ENT-000001"},
	},
	{
		Kind: entity, Code: "ENT-000031", Type: "military", Date: "2017-01", Reliability: correct,
		Title: tx("هيئة تحرير الشام", "Hayat Tahrir al-Sham"),
		Text: tx(`تحالف فصائل مسلحة تشكّل في كانون الثاني 2017 وسيطر على معظم محافظة إدلب، وقاد الهجوم الذي بدأ في 27 تشرين الثاني 2024 وانتهى بدخول دمشق في 8 كانون الأول 2024.`,
			`An alliance of armed factions formed in January 2017 that came to control most of Idlib governorate, and led the offensive that began on 27 November 2024 and ended with the entry into Damascus on 8 December 2024.`),
		Attrs: dhakira.Attrs{Aliases: aka("ar:الهيئة", "en:HTS")},
	},
	{
		Kind: entity, Code: "ENT-000032", Type: "civil", Date: "1942", Reliability: correct,
		Title: tx("الهلال الأحمر العربي السوري", "Syrian Arab Red Crescent"),
		Text: tx(`الجمعية الوطنية السورية ضمن الحركة الدولية للصليب الأحمر والهلال الأحمر، شارك متطوعوها في إدخال قوافل المساعدات إلى المناطق المحاصرة مثل مضايا.`,
			`Syria's national society in the International Red Cross and Red Crescent Movement; its volunteers took part in bringing aid convoys into besieged towns such as Madaya.`),
		Attrs: dhakira.Attrs{Aliases: aka("en:SARC")},
	},
}
