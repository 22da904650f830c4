package corpus

import (
	"strings"

	"github.com/dhakira/dhakira"
)

// The vocabulary of the corpus: the words of an archive of news, human-rights
// documentation and oral history, in Arabic and in English. Within each list
// words come most common first; "_" joins the words of a set phrase, which
// is drawn, and so found, as a whole ("قوات_النظام" is written قوات النظام).

// functionAR and functionEN are the function words: a third of the words of
// any text.
var (
	functionAR = strings.Fields(`في من على إلى أن عن مع التي الذي هذا هذه كان كانت ما لا لم قد بعد قبل كما بين حتى عند
		خلال كل بعض أو ثم منذ حيث ذلك تلك الذين إن غير لكن وقد وكان وفي ومن أيضا هناك فقط أكثر نحو حول ضد
		دون لدى أمام داخل تحت فوق يوم عام وهو وهي هو هي هم نحن أنا له لها لهم فيه فيها منه منها عليه عليها
		أنه أنها إنه عدة عدد أحد إحدى`)
	functionEN = strings.Fields(`the of and to in a was were on by for with at from that is are had has have been as this which
		who after it they he she we i their his her our not but an into during over about against than when while
		there also more two three four five all some one before until under near them us my`)
)

// themesAR and themesEN are the subjects records are about, the same in both
// languages: bombardment, detention, protest, relief, displacement,
// documentation, daily life, politics, livelihood. A record keeps to one
// theme, so its words are drawn together as they are in real texts.
var themesAR = []string{
	`القصف قصف قوات_النظام الطيران_الحربي غارة الغارات الجوية قذائف صواريخ البراميل_المتفجرة برميل القذائف_المدفعية
	الهاون المدفعية الدبابات استهدف استهدفت قصفت شنت سقطت سقوط قتلى شهيد الشهداء جرحى إصابات أصيب مقتل مجزرة
	المجزرة الدمار دمار الأنقاض تحت_الأنقاض انفجار الانفجار سيارة_مفخخة عبوة_ناسفة اشتباكات الاشتباكات معارك
	المعارك الجبهة القناص قناص رصاص الرصاص إطلاق_النار اقتحام اقتحمت الحملة_العسكرية الفرقة_الرابعة الحرس_الجمهوري
	الميليشيات الطائرات_المروحية صواريخ_أرض_أرض القنابل_العنقودية الألغام الأسلحة_الكيميائية غاز_السارين الكلور
	الاختناق حصيلة`,
	`الاعتقال اعتقال اعتقلت المعتقلين المعتقل معتقلا الأمن حاجز الحاجز الحواجز المخابرات فرع الفرع الأمن_العسكري
	المخابرات_الجوية أمن_الدولة الأمن_السياسي السجن سجن_صيدنايا السجون الزنزانة الزنازين المنفردة التعذيب تعذيب
	التحقيق المحقق الاستجواب الضرب الإهانة الإفراج أفرج أطلق_سراح الإخفاء_القسري المختفين المفقودين مصير
	مجهول_المصير المحكمة_الميدانية محكمة_الإرهاب الحكم الإعدام ذوي_المعتقلين الزيارة السجان السجناء التهمة تهمة
	مداهمة داهمت المداهمات اقتادوه اختطاف الخطف الفدية الاعتقال_التعسفي قوائم_المطلوبين`,
	`المظاهرة مظاهرة المظاهرات السلمية المتظاهرين خرجت هتف هتافات الهتافات اللافتات لافتة الشعارات الحرية الكرامة
	الثورة الثورة_السورية الانتفاضة الاحتجاجات احتجاج الاعتصام اعتصام الإضراب إضراب العصيان_المدني التنسيقية
	التنسيقيات الناشطين ناشط الناشط الحراك الحراك_السلمي صلاة_الجمعة الجامع يوم_الجمعة الساحة ساحة_الساعة العلم
	الأعلام الأغاني الغناء الطبل المسيرة تفريق الغاز_المسيل_للدموع الهراوات فض_الاعتصام التشييع الجنازة المطالب
	الإصلاح إسقاط_النظام الشعب الشارع الطلاب الجامعة كتابات_الجدران الجدران`,
	`الحصار المحاصرة المساعدات المساعدات_الإنسانية الإغاثة الهلال_الأحمر الصليب_الأحمر القافلة قافلة المعبر الغذاء
	الطعام الخبز الطحين الماء المياه الكهرباء الوقود المحروقات الدواء الأدوية المستشفى المستشفى_الميداني
	النقطة_الطبية الأطباء طبيب الممرضين الإسعاف سيارة_الإسعاف الجرحى العمليات_الجراحية العلاج المرضى الجوع
	سوء_التغذية حليب_الأطفال اللقاحات الأوبئة الكوليرا شلل_الأطفال المنظمات المتطوعين الدفاع_المدني
	الخوذ_البيضاء الإنقاذ فرق_الإنقاذ الملاجئ الأقبية المجاعة الهدنة الممر_الإنساني التجويع`,
	`النازحين النزوح نزحت اللاجئين اللجوء المخيم المخيمات الخيام الخيمة الحدود الحدود_التركية تركيا لبنان الأردن
	العراق أوروبا ألمانيا البحر القارب المهربين التهريب الطريق الرحلة هربنا الهروب التهجير التهجير_القسري
	الباصات_الخضراء الإخلاء العودة العائدين البيت المنزل المنازل البيوت الأرض القرية البلدة الريف المدينة الغربة
	الوطن المنفى الإقامة جواز_السفر الأوراق_الثبوتية المفوضية_السامية الشتاء البرد الثلج العواصف الفيضانات الإيجار`,
	`التوثيق وثقت وثيقة الوثيقة الوثائق التقرير تقرير البيان بيان الشهادة الشهادات الشاهد الشهود الرواية الذاكرة
	الأرشيف الانتهاكات انتهاكات حقوق_الإنسان جرائم_الحرب الجرائم_ضد_الإنسانية الأمم_المتحدة مجلس_الأمن
	لجنة_التحقيق المحكمة_الجنائية_الدولية العدالة العدالة_الانتقالية المحاسبة الإفلات_من_العقاب الأدلة الصور
	الفيديو المقطع التسجيل الصحفيين الصحفي الإعلام الإعلاميين المراسل الكاميرا الإنترنت يوتيوب صفحة الموقع
	النشرة المنشورات الصحيفة الجريدة المجلة العدد الرقابة حرية_التعبير المنظمات_الحقوقية الضحايا الناجين
	القانون_الدولي`,
	`كنا كنت نعيش عشنا الحياة اليومية الأيام ذلك_اليوم أتذكر تذكرت أمي أبي أخي أختي زوجي زوجتي ابني ابنتي
	الأطفال الأولاد الجيران الأصدقاء العائلة الأسرة الأهل الحارة الحي الحي_القديم المدرسة المعلم الدراسة العمل
	الدكان السوق الخضار الفرن الطبخ الشاي القهوة السطح الليل الصباح المساء الخوف الأمل الحزن الفرح البكاء
	الصمت رمضان العيد الزواج العرس الولادة الموت الفقد الحنين الحكاية قصة`,
	`النظام الحكومة الرئيس الوزير الوزارة المحافظ المحافظة البلدية المجلس_المحلي المجالس_المحلية الإدارة_المحلية
	الائتلاف_الوطني المعارضة الفصائل الفصائل_المسلحة الجيش_الحر الكتيبة الكتائب اللواء الهيئة السيطرة سيطرت
	انسحبت الانسحاب الاتفاق اتفاق التسوية المصالحة المفاوضات جنيف أستانا وقف_إطلاق_النار خفض_التصعيد الدستور
	الانتخابات الاستفتاء المرسوم القانون العفو_العام المجتمع_الدولي روسيا إيران الولايات_المتحدة الجامعة_العربية
	المبعوث_الدولي القرار الإدارة_الذاتية حزب_البعث مجلس_الشعب`,
	`الأسعار الغلاء الليرة الدولار الرواتب الراتب العمال الفلاحين الزراعة القمح الزيتون المحاصيل الحقول
	الأراضي_الزراعية المصانع المعامل التجار التجارة البطالة الفقر الديون الحوالات المولدات الأمبيرات الصهاريج
	الآبار الغاز الخبز_المدعوم البطاقة_الذكية طوابير الطابور المواصلات المدارس الجامعات التعليم
	الكهرباء_المقطوعة الاتصالات الهاتف شبكة_الإنترنت الإنشاءات إعادة_الإعمار الأملاك المصادرة الاستيلاء
	العقارات الضرائب الجمارك`,
}

var themesEN = []string{
	`shelling shelled regime_forces airstrike airstrikes warplanes aircraft helicopter barrel_bombs rockets mortar mortars
	shells artillery tanks targeted struck bombed killed wounded injured dead casualties death_toll massacre destruction
	rubble under_the_rubble explosion car_bomb clashes fighting front sniper snipers gunfire opened_fire stormed
	military_campaign fourth_division republican_guard militias cluster_munitions landmines chemical_weapons sarin
	chlorine suffocation ballistic_missiles bombardment`,
	`arrested arrest arrests detained detainees detainee detention checkpoint checkpoints security_branch
	military_intelligence air_force_intelligence state_security political_security prison prisons saydnaya cell cells
	solitary torture tortured interrogation interrogator beaten humiliation released release enforced_disappearance
	disappeared missing fate unknown field_court terrorism_court sentence execution executions families_of_detainees
	visit guards prisoners charges raid raided raids kidnapping kidnapped ransom arbitrary_detention wanted_lists`,
	`demonstration demonstrations protest protests protesters peaceful chanted chants slogans banners signs freedom
	dignity revolution uprising sit-in strike general_strike civil_disobedience coordination_committee
	coordination_committees activists activist movement friday_prayers mosque square clock_square flag flags songs
	singing drums march dispersed tear_gas batons funeral funerals mourners demands reform the_people street
	students university graffiti walls`,
	`siege besieged aid humanitarian_aid relief red_crescent red_cross convoy convoys crossing food bread flour water
	electricity fuel medicine medicines hospital field_hospital medical_point doctors doctor nurses ambulance
	ambulances treatment patients surgery hunger malnutrition baby_milk vaccines epidemics cholera polio
	organizations volunteers civil_defence white_helmets rescue rescue_teams shelters basements famine truce
	humanitarian_corridor starvation`,
	`displaced displacement fled refugees refugee asylum camp camps tents tent border turkish_border turkey lebanon
	jordan iraq europe germany sea boat smugglers smuggling journey escape forced_displacement green_buses evacuation
	evacuated return returnees house home homes houses land village town countryside city exile homeland residency
	passport identity_papers unhcr winter cold snow storms floods rent`,
	`documentation documented document documents report reports statement press_release testimony testimonies
	witness witnesses account memory archive violations human_rights war_crimes crimes_against_humanity
	united_nations security_council commission_of_inquiry international_criminal_court justice transitional_justice
	accountability impunity evidence photos video videos footage recording journalists journalist media reporter
	camera internet youtube page website newsletter leaflets newspaper magazine issue censorship
	freedom_of_expression rights_groups victims survivors international_law`,
	`remember remembered life daily days that_day my_mother my_father my_brother my_sister my_husband my_wife my_son
	my_daughter children kids neighbours friends family families relatives neighbourhood old_city school teacher
	studies work shop market vegetables bakery cooking tea coffee roof night morning evening fear hope sadness joy
	crying silence ramadan eid wedding marriage birth death loss longing story`,
	`regime government president minister ministry governor governorate municipality local_council local_councils
	local_administration national_coalition opposition factions armed_factions free_syrian_army battalion
	battalions brigade committee control took_control withdrew withdrawal agreement deal settlement reconciliation
	negotiations geneva astana ceasefire de-escalation constitution elections referendum decree law general_amnesty
	international_community russia iran united_states arab_league special_envoy resolution
	autonomous_administration baath_party parliament`,
	`prices inflation lira dollar salaries salary workers farmers agriculture wheat olives crops fields farmland
	factories workshops traders trade unemployment poverty debts remittances generators ampere tankers wells gas
	subsidised_bread smart_card queues queue transport schools universities education power_cuts communications
	phone network construction reconstruction property confiscation seizure real_estate taxes customs`,
}

// rareAR and rareEN are the words of everyday life that any archive holds
// but few of its records use: they make the long tail of the vocabulary.
var (
	rareAR = strings.Fields(`الزيتونة الكرمة البستان الساقية الطاحونة المعصرة البيدر الحصاد الراعي القطيع الخراف الماعز
		الدجاج الحمام الكلب القطة الحصان الحمار الجرار المحراث البئر النبع الينبوع الجدول الشلال الغابة الصنوبر
		السنديان التين العنب المشمش الرمان الجوز الفستق البطيخ الكوسا الباذنجان البندورة البصل الثوم الزعتر
		المكدوس المربى اللبنة الجبنة الحليب الطحينة الحمص الفلافل الكبة المنسف المجدرة الفتة العرقسوس الحلويات
		البقلاوة المعمول الكعك الخياطة النسيج الحرير السجاد النحاس الزجاج الفخار الصابون الصابون_الحلبي العطور
		البهارات العطار الحلاق الخياط النجار الحداد البناء السائق الحارس البواب الإمام الخطيب الكاهن المختار
		الحكواتي المقهى الحمام_الشعبي الخان القلعة السور البوابة المئذنة القبة الناعورة النواعير الآثار المتحف
		المكتبة الكتب الدفاتر الأقلام الرسم اللوحة الموسيقى العود الدبكة الأغنية القصيدة الشعر المسرح السينما
		كرة_القدم الملعب النادي الدراجة_الهوائية الحافلة القطار المحطة المطار السفينة الميناء الفندق المطعم
		الصيدلية العيادة المختبر المدفأة الحطب المازوت الشمعة القنديل الفانوس البطانية الفرشة الوسادة الثياب
		المعطف الحذاء الحقيبة المفتاح القفل الساعة_الحائطية المرآة الصورة_العائلية الألبوم الرسائل_القديمة
		الذكريات الطفولة الشيخوخة الجدة الجد الحفيد الحفيدة العمة الخالة العم الخال`)
	rareEN = strings.Fields(`olive_grove vineyard orchard irrigation mill olive_press threshing harvest shepherd flock
		sheep goats chickens pigeons dog cat horse donkey tractor plough well spring stream waterfall forest pine
		oak figs grapes apricots pomegranates walnuts pistachios watermelon zucchini aubergine tomatoes onions garlic
		thyme jam cheese milk tahini hummus falafel kibbeh lentils sweets baklava pastries tailoring weaving silk
		carpets copper glassblowing pottery soap aleppo_soap perfume spices barber tailor carpenter blacksmith mason
		driver guard doorman imam preacher priest mukhtar storyteller cafe bathhouse caravanserai citadel ramparts
		gate minaret dome waterwheels ruins museum library books notebooks pencils drawing painting music oud dabke
		song poem poetry novel theatre cinema football stadium club bicycle train station airport ship port hotel
		restaurant pharmacy clinic laboratory stove firewood diesel candle lantern blanket mattress pillow clothes
		coat shoes bag key lock wall_clock mirror family_photo album old_letters memories childhood old_age
		grandmother grandfather grandson granddaughter aunt uncle cousin`)
)

// towns are places every Syrian archive mentions, most mentioned first:
// cities, and the towns and quarters that became names of events. The
// gazetteer's names (Options.Names) come after them.
var towns = pairs(`حمص|Homs
	حلب|Aleppo
	دمشق|Damascus
	درعا|Daraa
	إدلب|Idlib
	حماة|Hama
	دير الزور|Deir ez-Zor
	الغوطة الشرقية|Eastern Ghouta
	دوما|Douma
	داريا|Darayya
	الرقة|Raqqa
	بابا عمرو|Baba Amr
	اللاذقية|Latakia
	القامشلي|Qamishli
	الزبداني|Zabadani
	مضايا|Madaya
	القصير|al-Qusayr
	الحولة|Houla
	معرة النعمان|Maarat al-Numan
	سراقب|Saraqib
	كفرنبل|Kafranbel
	جسر الشغور|Jisr al-Shughur
	الرستن|Rastan
	تلبيسة|Talbiseh
	الخالدية|Khalidiya
	جوبر|Jobar
	حرستا|Harasta
	زملكا|Zamalka
	عربين|Arbin
	معضمية الشام|Moadamiyeh
	مخيم اليرموك|Yarmouk Camp
	منبج|Manbij
	عفرين|Afrin
	كوباني|Kobani
	تل أبيض|Tal Abyad
	رأس العين|Ras al-Ain
	البوكمال|Abu Kamal
	الميادين|Mayadin
	السلمية|Salamiyah
	بانياس|Baniyas
	طرطوس|Tartus
	السويداء|Suwayda
	القنيطرة|Quneitra
	نوى|Nawa
	بصرى الشام|Bosra
	تلكلخ|Talkalakh
	الوعر|al-Waer
	صلاح الدين|Salah al-Din
	الشعار|al-Shaar
	حي الميدان|al-Midan`)

// Names of persons: first names (men's, then women's), the fathers' names
// that follow them, and family names.
var (
	firstMen = pairs(`محمد|Mohammad
	أحمد|Ahmad
	محمود|Mahmoud
	مصطفى|Mustafa
	علي|Ali
	عمر|Omar
	خالد|Khaled
	حسن|Hassan
	حسين|Hussein
	إبراهيم|Ibrahim
	يوسف|Youssef
	عبد الله|Abdullah
	عبد الرحمن|Abdulrahman
	سامر|Samer
	باسل|Basel
	غياث|Ghiath
	مازن|Mazen
	رامي|Rami
	فادي|Fadi
	جورج|George
	إلياس|Elias
	ميشيل|Michel
	طارق|Tareq
	زياد|Ziad
	وائل|Wael
	نضال|Nidal
	جمال|Jamal
	كمال|Kamal
	سليم|Salim
	سليمان|Sulaiman
	عادل|Adel
	ماهر|Maher
	هشام|Hisham
	وليد|Walid
	أيمن|Ayman
	أنس|Anas
	معاذ|Moaz
	حمزة|Hamza
	بلال|Bilal
	عمار|Ammar
	ياسر|Yasser
	منير|Munir
	نبيل|Nabil
	رياض|Riad
	فراس|Firas
	قاسم|Qasem
	صالح|Saleh
	عصام|Issam
	هيثم|Haitham
	سعيد|Saeed
	مهند|Mohannad
	يحيى|Yahya
	زكريا|Zakaria
	شادي|Shadi
	عماد|Imad
	نزار|Nizar
	أسامة|Osama
	مجد|Majd
	كنان|Kinan
	عبد الكريم|Abdulkarim
	عبد الحميد|Abdulhamid
	فايز|Fayez
	جميل|Jamil
	ناصر|Nasser
	رضوان|Radwan
	مأمون|Mamoun
	غسان|Ghassan
	بشير|Bashir
	نادر|Nader
	حازم|Hazem`)
	firstWomen = pairs(`فاطمة|Fatima
	عائشة|Aisha
	مريم|Maryam
	زينب|Zainab
	خديجة|Khadija
	سعاد|Suad
	هدى|Huda
	رزان|Razan
	سميرة|Samira
	ليلى|Layla
	نور|Nour
	رشا|Rasha
	ريم|Reem
	هبة|Hiba
	سلمى|Salma
	لمى|Lama
	دعاء|Duaa
	آمنة|Amina
	رنا|Rana
	منى|Muna
	جميلة|Jamila
	وفاء|Wafaa
	أمل|Amal
	سوسن|Sawsan
	ياسمين|Yasmin
	غادة|Ghada
	نسرين|Nisreen
	هالة|Hala
	ديما|Dima
	يارا|Yara
	روعة|Rawaa
	إيمان|Iman
	أسماء|Asmaa
	نجاح|Najah
	ماجدة|Majida`)
	families = pairs(`الحمصي|al-Homsi
	الحلبي|al-Halabi
	الشامي|al-Shami
	الخطيب|al-Khatib
	المصري|al-Masri
	العلي|al-Ali
	الأحمد|al-Ahmad
	الحسن|al-Hassan
	الحسين|al-Hussein
	العمر|al-Omar
	الخليل|al-Khalil
	الصالح|al-Saleh
	النجار|al-Najjar
	الحداد|al-Haddad
	العطار|al-Attar
	الخياط|al-Khayyat
	الزعبي|al-Zoubi
	المقداد|al-Miqdad
	الحريري|al-Hariri
	الأسعد|al-Asaad
	الدرويش|al-Darwish
	الشيخ|al-Sheikh
	الحاج|al-Hajj
	العبد الله|al-Abdullah
	الإبراهيم|al-Ibrahim
	اليوسف|al-Youssef
	قباني|Qabbani
	مرعي|Marai
	شحادة|Shehadeh
	حداد|Haddad
	خوري|Khoury
	عيسى|Issa
	نصر|Nasr
	سلامة|Salameh
	حمدان|Hamdan
	عثمان|Othman
	بكري|Bakri
	زيدان|Zeidan
	جبر|Jabr
	عبيد|Obeid
	الرفاعي|al-Rifai
	الكردي|al-Kurdi
	التركماني|al-Turkmani
	السيد|al-Sayed
	البيطار|al-Bitar
	الجاسم|al-Jassem
	المحمد|al-Mohammad
	السالم|al-Salem
	العيسى|al-Issa
	الديري|al-Deiri
	الإدلبي|al-Idlibi
	الحوراني|al-Horani
	الرقاوي|al-Raqqawi
	الدوماني|al-Doumani
	الداراني|al-Darani
	العكيدي|al-Okaidi
	الجراح|al-Jarrah
	الطويل|al-Tawil
	الأسمر|al-Asmar
	الحمد|al-Hamad
	الخالد|al-Khaled
	النعسان|al-Naasan
	السقا|al-Saqqa
	الفحام|al-Fahham
	الدباغ|al-Dabbagh
	الحجار|al-Hajjar
	كيالي|Kayali
	طيفور|Tayfour
	الأتاسي|al-Atassi
	الجندي|al-Jundi
	السباعي|al-Sibai
	الدروبي|al-Droubi
	الأيوبي|al-Ayoubi
	العظمة|al-Azma
	مردم بك|Mardam Bey
	الكيلاني|al-Kilani
	الشهابي|al-Shihabi
	حمادة|Hamada
	الفارس|al-Fares
	الموسى|al-Mousa`)
)

// organizations are real bodies an archive of the period names, with their
// entity types; generated entities follow the patterns of orgPatterns.
var organizations = []struct {
	name dhakira.Text
	typ  string
}{
	{dhakira.Text{AR: "الأمم المتحدة", EN: "United Nations"}, "international"},
	{dhakira.Text{AR: "مجلس الأمن الدولي", EN: "UN Security Council"}, "international"},
	{dhakira.Text{AR: "المفوضية السامية للأمم المتحدة لشؤون اللاجئين", EN: "UNHCR"}, "international"},
	{dhakira.Text{AR: "منظمة الصحة العالمية", EN: "World Health Organization"}, "international"},
	{dhakira.Text{AR: "برنامج الأغذية العالمي", EN: "World Food Programme"}, "international"},
	{dhakira.Text{AR: "اللجنة الدولية للصليب الأحمر", EN: "International Committee of the Red Cross"}, "international"},
	{dhakira.Text{AR: "الهلال الأحمر العربي السوري", EN: "Syrian Arab Red Crescent"}, "civil"},
	{dhakira.Text{AR: "الدفاع المدني السوري", EN: "Syrian Civil Defence"}, "civil"},
	{dhakira.Text{AR: "منظمة العفو الدولية", EN: "Amnesty International"}, "international"},
	{dhakira.Text{AR: "هيومن رايتس ووتش", EN: "Human Rights Watch"}, "international"},
	{dhakira.Text{AR: "لجنة التحقيق الدولية المستقلة", EN: "Independent International Commission of Inquiry"}, "international"},
	{dhakira.Text{AR: "أطباء بلا حدود", EN: "Doctors Without Borders"}, "international"},
	{dhakira.Text{AR: "الجمعية الطبية السورية الأمريكية", EN: "Syrian American Medical Society"}, "civil"},
	{dhakira.Text{AR: "الشبكة السورية لحقوق الإنسان", EN: "Syrian Network for Human Rights"}, "civil"},
	{dhakira.Text{AR: "مركز توثيق الانتهاكات", EN: "Violations Documentation Center"}, "civil"},
	{dhakira.Text{AR: "المرصد السوري لحقوق الإنسان", EN: "Syrian Observatory for Human Rights"}, "civil"},
	{dhakira.Text{AR: "رابطة عائلات قيصر", EN: "Caesar Families Association"}, "civil"},
	{dhakira.Text{AR: "عائلات من أجل الحرية", EN: "Families for Freedom"}, "civil"},
	{dhakira.Text{AR: "الائتلاف الوطني لقوى الثورة والمعارضة السورية", EN: "National Coalition of Syrian Revolution and Opposition Forces"}, "political"},
	{dhakira.Text{AR: "المجلس الوطني السوري", EN: "Syrian National Council"}, "political"},
	{dhakira.Text{AR: "هيئة التفاوض السورية", EN: "Syrian Negotiation Commission"}, "political"},
	{dhakira.Text{AR: "لجان التنسيق المحلية", EN: "Local Coordination Committees"}, "political"},
	{dhakira.Text{AR: "الهيئة العامة للثورة السورية", EN: "Syrian Revolution General Commission"}, "political"},
	{dhakira.Text{AR: "الحكومة السورية المؤقتة", EN: "Syrian Interim Government"}, "governmental"},
	{dhakira.Text{AR: "وزارة الداخلية", EN: "Ministry of Interior"}, "governmental"},
	{dhakira.Text{AR: "وزارة الدفاع", EN: "Ministry of Defence"}, "governmental"},
	{dhakira.Text{AR: "وزارة الإعلام", EN: "Ministry of Information"}, "governmental"},
	{dhakira.Text{AR: "وزارة الصحة", EN: "Ministry of Health"}, "governmental"},
	{dhakira.Text{AR: "الإدارة الذاتية لشمال وشرق سوريا", EN: "Autonomous Administration of North and East Syria"}, "governmental"},
	{dhakira.Text{AR: "إدارة المخابرات الجوية", EN: "Air Force Intelligence Directorate"}, "military"},
	{dhakira.Text{AR: "شعبة المخابرات العسكرية", EN: "Military Intelligence Directorate"}, "military"},
	{dhakira.Text{AR: "إدارة المخابرات العامة", EN: "General Intelligence Directorate"}, "military"},
	{dhakira.Text{AR: "الفرقة الرابعة", EN: "Fourth Division"}, "military"},
	{dhakira.Text{AR: "الحرس الجمهوري", EN: "Republican Guard"}, "military"},
	{dhakira.Text{AR: "قوات الدفاع الوطني", EN: "National Defence Forces"}, "military"},
	{dhakira.Text{AR: "الجيش السوري الحر", EN: "Free Syrian Army"}, "military"},
	{dhakira.Text{AR: "قوات سوريا الديمقراطية", EN: "Syrian Democratic Forces"}, "military"},
	{dhakira.Text{AR: "الوكالة العربية السورية للأنباء", EN: "Syrian Arab News Agency"}, "media"},
	{dhakira.Text{AR: "التلفزيون السوري", EN: "Syrian Television"}, "media"},
	{dhakira.Text{AR: "عنب بلدي", EN: "Enab Baladi"}, "media"},
	{dhakira.Text{AR: "راديو روزنة", EN: "Radio Rozana"}, "media"},
	{dhakira.Text{AR: "شبكة شام الإخبارية", EN: "Shaam News Network"}, "media"},
	{dhakira.Text{AR: "تلفزيون أورينت", EN: "Orient TV"}, "media"},
	{dhakira.Text{AR: "اتحاد طلبة سوريا الأحرار", EN: "Free Syrian Students Union"}, "civil"},
	{dhakira.Text{AR: "نقابة المحامين", EN: "Bar Association"}, "civil"},
}

// orgPatterns name the many local bodies: %s is a town, %d a number.
var orgPatterns = []struct {
	ar, en, typ string
	number      bool
}{
	{"المجلس المحلي في %s", "%s Local Council", "governmental", false},
	{"تنسيقية %s", "%s Coordination Committee", "political", false},
	{"الدفاع المدني في %s", "Civil Defence in %s", "civil", false},
	{"الهيئة الطبية في %s", "%s Medical Committee", "civil", false},
	{"المكتب الإعلامي في %s", "%s Media Office", "media", false},
	{"مجلس عائلات %s", "%s Families Council", "civil", false},
	{"اللواء %d", "Brigade %d", "military", true},
	{"الفوج %d", "Regiment %d", "military", true},
	{"الفرع %d", "Branch %d", "military", true},
}

// siteKinds and siteNames make the names of sites: a school, a bakery, a
// checkpoint, named after a quarter, a martyr or an idea.
var (
	siteKinds = pairs(`مدرسة|School
	مستشفى|Hospital
	جامع|Mosque
	ساحة|Square
	فرن|Bakery
	سجن|Prison
	مخيم|Camp
	حي|Quarter
	دوار|Roundabout
	جسر|Bridge
	سوق|Market
	كنيسة|Church
	مقبرة|Cemetery
	حاجز|Checkpoint
	ملعب|Stadium
	مستوصف|Clinic`)
	siteNames = pairs(`الشهداء|al-Shuhada
	النور|al-Nour
	الحرية|al-Hurriya
	الزهراء|al-Zahraa
	الصفا|al-Safa
	الفردوس|al-Firdous
	الإيمان|al-Iman
	العروبة|al-Ouruba
	الجلاء|al-Jalaa
	السلام|al-Salam
	التحرير|al-Tahrir
	الوحدة|al-Wahda
	القدس|al-Quds
	الأندلس|al-Andalus
	الكرامة|al-Karama
	تشرين|Tishreen
	الرحمة|al-Rahma
	الأمل|al-Amal
	البر|al-Birr
	الفاروق|al-Farouq
	الخنساء|al-Khansaa
	الياسمين|al-Yasmin`)
)

// pairs reads lines of "عربي|English".
func pairs(s string) []dhakira.Text {
	var out []dhakira.Text
	for _, l := range strings.Split(s, "\n") {
		ar, en, ok := strings.Cut(strings.TrimSpace(l), "|")
		if ok {
			out = append(out, dhakira.Text{AR: ar, EN: en})
		}
	}
	return out
}
