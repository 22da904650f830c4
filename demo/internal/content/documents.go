package content

import "github.com/dhakira/dhakira"

var documents = []*dhakira.Record{
	{
		Kind: document, Code: "DOC-000001", Type: "press-release", Date: "2017-10-19", Reliability: unverified,
		Title: tx("حول محاولات النظام اقتحام سجن حمص المركزي وإضراب المعتقلين عن الطعام", "On Regime’s Attempts to Storm Homs Central Prison as Inmates Go on Huger Strike"),
		Text: tx(`
تواصل قوات نظام الأسد والسلطات القائمة على إدارة سجن حمص المركزي التضييق على أكثر من 500 معتقل داخل السجن، وتزيد من الضغوط عليهم، وتتعمّد استفزازهم وإثارة غضبهم. وقد صعّدت إدارة السجن أساليبها مؤخراً، وبلغ ذلك ذروته بمحاولات لاقتحام السجن يوم الاثنين (16 تشرين الأول). وردّاً على ذلك أعلن المعتقلون العصيان، وأظهروا تضامنهم بعضهم مع بعض، وأكدوا أنهم سيبقون موحّدين خلف مطالبهم، وأعلنوا دخولهم في إضراب عن الطعام حتى تتحقق مطالبهم بالحرية والإفراج الفوري.

ويؤكد الائتلاف الوطني السوري تضامنه الكامل مع مطالب المعتقلين في سجن حمص المركزي، ويشدد على ضرورة الوقف الفوري لمحاولات اقتحام السجن من قبل قوات النظام، أو العودة إلى قطع الكهرباء والمياه عنه.

وإلى جانب المسؤولية الكاملة التي يتحملها نظام الأسد عن الانتهاكات الجارية في سجن حمص المركزي وغيره من السجون ومراكز الاعتقال الوحشية في سوريا، تتحمل الأمم المتحدة ومجلس الأمن الدولي ومفوضية الأمم المتحدة السامية لحقوق الإنسان جزءاً كبيراً من المسؤولية، إذ أخفقت حتى الآن في اتخاذ أي إجراء لوقف هذه الانتهاكات.

ويشدد الائتلاف على ضرورة أن تضطلع هيئات الأمم المتحدة المعنية بمسؤولياتها في معالجة الوضع في سجن حمص المركزي وغيره من السجون التي يديرها نظام الأسد. ومن الضروري أن ترسل اللجنة الدولية للصليب الأحمر فريقاً إلى السجن على وجه السرعة للوقوف على أوضاع المعتقلين وضمان تلبية مطالبهم.

وفي هذا السياق، يذكّر الائتلاف بالتقرير الذي أصدرته منظمة العفو الدولية في شباط الماضي، والذي كشف جزءاً فقط من الجرائم التي يرتكبها نظام الأسد بحق المعتقلين في سجن صيدنايا، إذ تحدث التقرير عن عمليات إعدام جماعية شنقاً وعن إبادة المعتقلين داخل السجن. ويجب استحضار هذه الجرائم دائماً عند النظر في قضايا المعتقلين في سجون نظام الأسد.

وستبقى قضية المعتقلين على رأس الأولويات، ولن تكون موضوعاً للتفاوض أو المساومة تحت أي ظرف.`, `
The Assad regime forces and authorities running Homs Central Prison continue to crack down on over 500 detainees inside the facility, putting increasing pressure on detainees and deliberately provoking outrage from them. The prison administration have further escalated their tactics recently, which culminated in attempts to storm the facility on Monday (16 October). In response, detainees staged disobedience, demonstrated solidarity with one another, and reaffirmed they will remain united behind their demands. They announced they were going on a hunger strike until their demands for freedom and immediate release are met.

The Syrian Coalition stresses it stands in full solidarity with the demands of detainees in Homs Central Prison. It underscores the need to immediately stop attempts to storm the prison by regime forces or to renew the cutting off of electricity and water supply to the prison.

In addition to the Assad regime's full responsibility for the violations taking place in Homs Central Prison and other brutal prisons and detention centers in Syria, the United Nations, the UN Security Council, and the Office of the United Nations High Commissioner for Human Rights bear great part of the responsibility as they have so far failed to take action to stop these violations.

The Coalition stresses the need for the relevant United Nations bodies to assume their responsibility to address the situation in Homs Central Prison and other prisons run by the Assad regime. It is imperative that the International Committee of the Red Cross urgently dispatch a team to the prison in order to ascertain the status of detainees and ensure their demands are met.

In this context, the Coalition recalls the report Amnesty International issued last February bringing to light only a portion of the crimes being committed by the Assad regime against detainees in Sednaya Prison. The report spoke about mass hangings and extermination of detainees inside the prison. These crimes must always be invoked when considering the cases of detainees in the prisons of the Assad regime.

The issue of detainees will always remain a top priority and will not be subject to negotiations or bargaining under any circumstances.`),
		Places: at("PLC-000001"),
		Source: srcNote("Syrian Coalition, Media Department", "", "Published in Arabic and English on the Coalition's websites; the Arabic text here is the archive's translation of the English release."),
		Links: links(
			"issued-by ENT-000002",
			"mentions PLC-000002 | Sednaya Prison",
			"mentions ENT-000022 | report cited",
			"related DOC-000002 | the Amnesty International report on Sednaya the release recalls",
			"mentions ENT-000019",
			"mentions ENT-000020",
			"mentions ENT-000024 | asked to send a team to the prison",
			"related DIA-000042",
		),
	},
	{
		Kind: document, Code: "DOC-000002", Type: "report", Date: "2017-02-07", Reliability: correct,
		Title: tx("المسلخ البشري: عمليات الشنق الجماعية والإبادة الممنهجة في سجن صيدنايا", "Human Slaughterhouse: Mass Hangings and Extermination at Saydnaya Prison, Syria"),
		Text: tx(`
تقرير لمنظمة العفو الدولية يستند إلى مقابلات مع 84 شاهداً بينهم حراس ومسؤولون ومعتقلون سابقون وقضاة ومحامون. يخلص إلى أن ما بين 5 آلاف و13 ألف شخص أُعدموا شنقاً خارج نطاق القضاء في سجن صيدنايا بين أيلول 2011 وكانون الأول 2015، بعد «محاكمات» لا تتجاوز دقائق أمام المحكمة الميدانية العسكرية، ويصف ظروف الاحتجاز بأنها سياسة إبادة. أعادت المنظمة مع فريق «فورنزك أركيتكتشر» بناء السجن رقمياً من ذاكرة الناجين.`, `
An Amnesty International report based on interviews with 84 witnesses, among them former guards, officials, detainees, judges and lawyers. It concludes that between 5,000 and 13,000 people were hanged extrajudicially at Saydnaya Prison between September 2011 and December 2015 after "trials" lasting minutes before the military field court, and describes the conditions of detention as a policy of extermination. With Forensic Architecture, the organisation had earlier rebuilt the prison digitally from survivors' memories.`),
		Places: at("PLC-000002"),
		Source: src("Amnesty International, MDE 24/5415/2017", "https://www.amnesty.org/en/documents/mde24/5415/2017/en/"),
		Links:  links("issued-by ENT-000022", "mentions ENT-000007 | ran the prison"),
	},
	{
		Kind: document, Code: "DOC-000003", Type: "report", Date: "2015-12-16", Reliability: correct,
		Title: tx("لو تكلم الموتى: الوفيات الجماعية والتعذيب في مراكز الاحتجاز السورية", "If the Dead Could Speak: Mass Deaths and Torture in Syria's Detention Facilities"),
		Text: tx(`
تقرير لهيومن رايتس ووتش يحلل صور «قيصر» التي هُرّبت من سوريا عام 2013. تحقق الباحثون من هويات عدد من الضحايا بمقابلة ذويهم ومعتقلين سابقين، وحددوا الأفرع الأمنية التي احتُجزوا فيها من الأرقام المكتوبة على الجثث، ووثّقوا علامات التجويع والتعذيب والمرض.`, `
A Human Rights Watch report analysing the "Caesar" photographs smuggled out of Syria in 2013. Researchers confirmed the identities of a number of victims by interviewing relatives and former detainees, traced the security branches that held them from the numbers written on the bodies, and documented signs of starvation, torture and disease.`),
		Places: at("SY010000"),
		Source: src("Human Rights Watch", "https://www.hrw.org/report/2015/12/16/if-dead-could-speak/mass-deaths-and-torture-syrias-detention-facilities"),
		Links:  links("issued-by ENT-000023", "mentions PER-000021 | the photographs analysed", "related TST-000001"),
	},
	{
		Kind: document, Code: "DOC-000004", Type: "report", Date: "2016-02-08", Reliability: correct,
		Title: tx("بعيداً عن الأنظار، بعيداً عن البال: الوفيات في الاحتجاز في الجمهورية العربية السورية", "Out of Sight, Out of Mind: Deaths in Detention in the Syrian Arab Republic"),
		Text: tx(`
ورقة غرفة اجتماعات قدّمتها لجنة التحقيق الدولية المستقلة إلى مجلس حقوق الإنسان، تستند إلى مئات المقابلات مع ناجين وشهود. تخلص إلى أن الوفيات الجماعية للمعتقلين في مراكز الاحتجاز الحكومية ترقى إلى جريمة «الإبادة» بوصفها جريمة ضد الإنسانية، وتوثّق أيضاً عمليات قتل المحتجزين لدى جماعات مسلحة معارضة وتنظيم الدولة الإسلامية.`, `
A conference room paper the Independent International Commission of Inquiry submitted to the Human Rights Council, drawing on hundreds of interviews with survivors and witnesses. It concludes that the mass deaths of detainees in government custody amount to the crime against humanity of extermination, and also documents killings of captives held by armed opposition groups and by the Islamic State.`),
		Source: src("UN Human Rights Council, A/HRC/31/CRP.1", ""),
		Links:  links("issued-by ENT-000021"),
	},
	{
		Kind: document, Code: "DOC-000005", Type: "resolution", Date: "2012-04-14", Reliability: correct,
		Title: tx("قرار مجلس الأمن 2042 (2012)", "Security Council Resolution 2042 (2012)"),
		Text: tx(`
أول قرار يتبناه مجلس الأمن بشأن سوريا منذ 2011، بالإجماع. يأذن بإرسال فريق متقدم من المراقبين العسكريين غير المسلحين لمراقبة وقف إطلاق النار، ويدعو الحكومة إلى تنفيذ التزاماتها بموجب خطة المبعوث الخاص المشترك ذات النقاط الست الملحقة بالقرار.`, `
The first resolution the Security Council adopted on Syria since 2011, unanimously. It authorises an advance team of unarmed military observers to monitor the ceasefire and calls on the government to carry out its commitments under the Joint Special Envoy's six-point plan, annexed to the resolution.`),
		Source: src("United Nations Security Council, S/RES/2042 (2012)", "https://undocs.org/S/RES/2042(2012)"),
		Links:  links("issued-by ENT-000019"),
	},
	{
		Kind: document, Code: "DOC-000006", Type: "resolution", Date: "2013-09-27", Reliability: correct,
		Title: tx("قرار مجلس الأمن 2118 (2013)", "Security Council Resolution 2118 (2013)"),
		Text: tx(`
قرار تبناه مجلس الأمن بالإجماع بعد الهجوم الكيميائي على الغوطة، يؤيد قرار المجلس التنفيذي لمنظمة حظر الأسلحة الكيميائية بشأن التدمير العاجل للبرنامج الكيميائي السوري، ويقرر أن على سوريا ألا تستخدم الأسلحة الكيميائية أو تطورها أو تحتفظ بها. كما يؤيد بيان جنيف لعام 2012.`, `
A resolution the Security Council adopted unanimously after the chemical attack on the Ghouta. It endorses the OPCW Executive Council's decision on the expeditious destruction of Syria's chemical weapons programme and decides that Syria shall not use, develop or retain chemical weapons. It also endorses the 2012 Geneva Communiqué.`),
		Source: src("United Nations Security Council, S/RES/2118 (2013)", "https://undocs.org/S/RES/2118(2013)"),
		Links:  links("issued-by ENT-000019", "mentions ENT-000025", "related DIA-000033", "related DOC-000009"),
	},
	{
		Kind: document, Code: "DOC-000007", Type: "resolution", Date: "2015-12-18", Reliability: correct,
		Title: tx("قرار مجلس الأمن 2254 (2015)", "Security Council Resolution 2254 (2015)"),
		Text: tx(`
قرار يحدد خارطة طريق لعملية سياسية في سوريا بتيسير من الأمم المتحدة: مفاوضات بين الحكومة والمعارضة، وحكم ذو مصداقية يشمل الجميع وغير طائفي خلال ستة أشهر، ودستور جديد، وانتخابات حرة ونزيهة خلال ثمانية عشر شهراً، مع وقف لإطلاق النار على مستوى البلاد.`, `
A resolution setting out a road map for a UN-facilitated political process in Syria: negotiations between the government and the opposition, credible, inclusive and non-sectarian governance within six months, a new constitution, and free and fair elections within eighteen months, alongside a nationwide ceasefire.`),
		Source: src("United Nations Security Council, S/RES/2254 (2015)", "https://undocs.org/S/RES/2254(2015)"),
		Links:  links("issued-by ENT-000019", "related DOC-000009 | endorses the Geneva Communiqué"),
	},
	{
		Kind: document, Code: "DOC-000008", Type: "statement", Date: "2012-03", Reliability: correct,
		Title: tx("خطة النقاط الست للمبعوث الخاص المشترك", "Six-point proposal of the Joint Special Envoy"),
		Text: tx(`
خطة قدّمها كوفي أنان، المبعوث الخاص المشترك للأمم المتحدة والجامعة العربية، وقبلتها الحكومة السورية في آذار 2012. نقاطها: عملية سياسية يقودها السوريون، ووقف العنف المسلح بإشراف الأمم المتحدة، وإيصال المساعدات الإنسانية، والإفراج عن المعتقلين تعسفياً، وحرية حركة الصحفيين، واحترام حق التظاهر السلمي. أُلحقت بقرار مجلس الأمن 2042.`, `
A plan put forward by Kofi Annan, Joint Special Envoy of the United Nations and the Arab League, and accepted by the Syrian government in March 2012. Its points: a Syrian-led political process; an end to armed violence under UN supervision; humanitarian access; release of the arbitrarily detained; freedom of movement for journalists; and respect for the right to demonstrate peacefully. It was annexed to Security Council resolution 2042.`),
		Links: links("issued-by PER-000023", "part-of DOC-000005 | annex"),
	},
	{
		Kind: document, Code: "DOC-000009", Type: "statement", Date: "2012-06-30", Reliability: correct,
		Title: tx("بيان جنيف: البيان الختامي لمجموعة العمل من أجل سوريا", "Geneva Communiqué: Final communiqué of the Action Group for Syria"),
		Text: tx(`
بيان صدر عن اجتماع مجموعة العمل من أجل سوريا في جنيف برئاسة كوفي أنان، بمشاركة الدول الخمس دائمة العضوية في مجلس الأمن ودول إقليمية. يدعو إلى إنشاء هيئة حكم انتقالية ذات صلاحيات تنفيذية كاملة تُشكَّل بالتوافق المتبادل، وصار مرجعاً لمفاوضات جنيف اللاحقة.`, `
A communiqué issued by the Action Group for Syria meeting in Geneva under Kofi Annan, with the five permanent members of the Security Council and regional states. It calls for a transitional governing body with full executive powers formed on the basis of mutual consent, and became the reference for later Geneva talks.`),
		Links: links("mentions PER-000023 | chaired the meeting"),
	},
	{
		Kind: document, Code: "DOC-000010", Type: "resolution", Date: "2011-11-12", Reliability: correct,
		Title: tx("قرار مجلس الجامعة العربية بتعليق عضوية سوريا", "Arab League Council resolution suspending Syria"),
		Text: tx(`
قرار صدر عن مجلس جامعة الدول العربية على المستوى الوزاري في القاهرة بأغلبية الأعضاء، يعلّق مشاركة وفود الحكومة السورية في اجتماعات الجامعة حتى تنفّذ خطة العمل العربية الموقعة في 2 تشرين الثاني 2011، ويدعو إلى سحب السفراء العرب من دمشق.`, `
A resolution adopted by a majority of the League of Arab States' Council at ministerial level in Cairo, suspending the participation of Syrian government delegations in League meetings until Syria carried out the Arab plan of action signed on 2 November 2011, and calling for Arab ambassadors to be withdrawn from Damascus.`),
		Links: links("issued-by ENT-000026"),
	},
	{
		Kind: document, Code: "DOC-000011", Type: "statement", Date: "2011-10-02", Reliability: correct,
		Title: tx("بيان تأسيس المجلس الوطني السوري", "Founding statement of the Syrian National Council"),
		Text: tx(`
بيان أُعلن في مؤتمر صحفي في إسطنبول، يقدّم المجلس الوطني السوري إطاراً جامعاً لقوى المعارضة يعمل على إسقاط النظام بالوسائل السلمية وبناء دولة مدنية ديمقراطية، ويدعو المجتمع الدولي إلى حماية المدنيين.`, `
A statement read at a press conference in Istanbul, presenting the Syrian National Council as an umbrella for the opposition working to bring down the regime by peaceful means and to build a civil, democratic state, and calling on the international community to protect civilians.`),
		Links: links("issued-by ENT-000003"),
	},
	{
		Kind: document, Code: "DOC-000012", Type: "statement", Date: "2012-11-11", Reliability: correct,
		Title: tx("اتفاق تأسيس الائتلاف الوطني لقوى الثورة والمعارضة السورية", "Founding agreement of the National Coalition of Syrian Revolution and Opposition Forces"),
		Text: tx(`
وثيقة وقّعتها قوى المعارضة في الدوحة، تنص على تشكيل الائتلاف والعمل على توحيد دعم المجالس العسكرية وإنشاء صندوق دعم وحكومة مؤقتة بعد الاعتراف الدولي، وعلى عدم الدخول في حوار أو مفاوضات مع النظام.`, `
A document signed by opposition groups in Doha, establishing the Coalition and committing it to unify support for the military councils, set up a support fund and, once recognised internationally, an interim government, and not to enter into dialogue or negotiations with the regime.`),
		Links: links("issued-by ENT-000001", "mentions ENT-000003"),
	},
	{
		Kind: document, Code: "DOC-000013", Type: "decree", Date: "2011-04-21", Reliability: correct,
		Title: tx("المرسوم التشريعي رقم 161 لعام 2011 بإنهاء حالة الطوارئ", "Legislative Decree No. 161 of 2011 ending the state of emergency"),
		Text: tx(`
مرسوم أصدره رئيس الجمهورية ينهي العمل بحالة الطوارئ المعلنة منذ 8 آذار 1963، وصدر معه في اليوم نفسه مرسومان بإلغاء محكمة أمن الدولة العليا وتنظيم حق التظاهر السلمي. نشرته الوكالة العربية السورية للأنباء.`, `
A decree of the president ending the state of emergency in force since 8 March 1963; two decrees issued the same day abolished the Supreme State Security Court and regulated the right to peaceful demonstration. Published by the Syrian Arab News Agency.`),
		Links: links("issued-by PER-000001", "source ENT-000016 | text as published by SANA"),
	},
	{
		Kind: document, Code: "DOC-000014", Type: "constitution", Date: "2012-02-27", Reliability: correct,
		Title: tx("دستور الجمهورية العربية السورية لعام 2012", "Constitution of the Syrian Arab Republic, 2012"),
		Text: tx(`
دستور طُرح للاستفتاء في 26 شباط 2012 وصدر في اليوم التالي، ألغى المادة الثامنة من دستور 1973 التي نصّت على أن حزب البعث «قائد الدولة والمجتمع»، وحدّد ولاية الرئيس بسبع سنوات قابلة للتجديد مرة واحدة. أُجري الاستفتاء في أثناء قصف حمص.`, `
A constitution put to a referendum on 26 February 2012 and promulgated the next day. It dropped Article 8 of the 1973 constitution, which named the Baath Party "leader of state and society", and limited the president to two seven-year terms. The referendum took place while Homs was being shelled.`),
		Links: links("related DIA-000019"),
	},
	{
		Kind: document, Code: "DOC-000015", Type: "periodical-issue", Date: "2012-01", Reliability: unspecified,
		Title: tx("عنب بلدي، العدد الأول", ""),
		Text: tx(`
العدد الأول من صحيفة «عنب بلدي» الأسبوعية، أصدره شبان وشابات من داريا ووُزّع ورقياً باليد في المدينة. اختار مؤسسوها الاسم من عنب داريا الذي اشتهرت به الغوطة الغربية، ودعت الصحيفة منذ عددها الأول إلى السلمية والعمل المدني.`, ""),
		Places: at("PLC-000013"),
		Links:  links("issued-by ENT-000015"),
	},
	{
		Kind: document, Code: "DOC-000016", Type: "periodical-issue", Date: "2016-08", Reliability: unspecified,
		Title: tx("عنب بلدي: عدد آب 2016 عن خروج أهالي داريا", "Enab Baladi: August 2016 issue on the departure from Daraya"),
		Text: tx(`
عدد من صحيفة «عنب بلدي» صدر بعد إخلاء داريا، المدينة التي وُلدت فيها الصحيفة، ويتناول أيام الحصار الأخيرة وخروج من بقي من سكانها ومقاتليها. لم تُراجَع محتويات العدد بعد لتحديد درجة موثوقيتها.`, `
An issue of Enab Baladi published after the evacuation of Daraya, the town where the paper was born, on the last days of the siege and the departure of the residents and fighters who had stayed. The issue's contents have not yet been reviewed to grade their reliability.`),
		Places: at("PLC-000013"),
		Links:  links("issued-by ENT-000015"),
	},
	{
		Kind: document, Code: "DOC-000017", Type: "letter", Date: "2013-09-12", Reliability: correct,
		Title: tx("رسالة الحكومة السورية إلى الأمين العام للأمم المتحدة بشأن الانضمام إلى اتفاقية الأسلحة الكيميائية", "Syrian government's letter to the UN Secretary-General on joining the Chemical Weapons Convention"),
		Text: tx(`
رسالة أكدت الأمم المتحدة تسلّمها، تعلن فيها الحكومة السورية رغبتها في الانضمام إلى اتفاقية حظر الأسلحة الكيميائية. جاءت بعد الهجوم على الغوطة وقبل يومين من الإطار الأمريكي الروسي لإزالة الأسلحة الكيميائية السورية، ودخلت الاتفاقية حيز النفاذ بالنسبة لسوريا في 14 تشرين الأول 2013.`, `
A letter, whose receipt the United Nations confirmed, in which the Syrian government declared its wish to join the Chemical Weapons Convention. It came after the Ghouta attack and two days before the US–Russian framework for eliminating Syria's chemical weapons; the Convention entered into force for Syria on 14 October 2013.`),
		Links: links("mentions ENT-000018", "mentions ENT-000025", "related DIA-000033"),
	},
	{
		Kind: document, Code: "DOC-000018", Type: "letter", Date: "2016", Reliability: unverified, Status: draft,
		Title: tx("مناشدة منسوبة إلى معتقلي سجن حمص المركزي", "Appeal attributed to the detainees of Homs Central Prison"),
		Text: tx(`
مسودة: رسالة مناشدة تداولتها مواقع معارضة منسوبة إلى المعتقلين السياسيين في سجن حمص المركزي، يطالبون فيها بالإفراج عنهم وبزيارة من اللجنة الدولية للصليب الأحمر. بانتظار نسخة من النص الأصلي وتحديد تاريخه بدقة قبل النشر.`, `
Draft: an appeal circulated by opposition websites and attributed to the political detainees of Homs Central Prison, demanding their release and a visit from the ICRC. Awaiting a copy of the original and its exact date before publication.`),
		Places: at("PLC-000001"),
		Links:  links("related DOC-000001"),
	},
	{
		Kind: document, Code: "DOC-000019", Type: "statement", Date: "2017-08-01", Reliability: correct,
		Title: tx("إعلان نورا غازي عن إعدام باسل خرطبيل", "Noura Ghazi's announcement of Bassel Khartabil's execution"),
		Text: tx(`
منشور علني كتبته المحامية نورا غازي بعد أن بلغها نبأ إعدام زوجها باسل خرطبيل، أعلنت فيه أنه أُعدم بعد أيام من نقله من سجن عدرا في تشرين الأول 2015، أي قبل نحو عامين من معرفة العائلة بذلك.`, `
A public post by the lawyer Noura Ghazi after word reached her of the execution of her husband Bassel Khartabil, announcing that he had been executed days after his transfer from Adra prison in October 2015, nearly two years before his family learned of it.`),
		Links: links("issued-by PER-000013", "mentions PER-000012"),
	},
	{
		Kind: document, Code: "DOC-000020", Type: "report", Date: "2013-09-16", Reliability: correct,
		Title: tx("تقرير بعثة الأمم المتحدة للتحقيق في ادعاءات استخدام الأسلحة الكيميائية: حادثة الغوطة", "Report of the UN Mission to investigate allegations of the use of chemical weapons: the Ghouta incident"),
		Text: tx(`
تقرير البعثة التي رأسها العالم السويدي آكي سيلستروم، وكانت في دمشق عند وقوع الهجوم. خلص إلى وجود أدلة واضحة ومقنعة على استخدام صواريخ أرض–أرض محمّلة بغاز السارين على نطاق واسع نسبياً في الغوطة يوم 21 آب 2013، دون أن يكون من تفويضه تحديد الجهة المسؤولة.`, `
The report of the mission led by the Swedish scientist Åke Sellström, which was in Damascus when the attack took place. It found clear and convincing evidence that surface-to-surface rockets carrying sarin were used on a relatively large scale in the Ghouta on 21 August 2013; attributing responsibility was not part of its mandate.`),
		Places: at("SY030105", "SY030106"),
		Source: src("United Nations, A/67/997–S/2013/553", ""),
		Links:  links("issued-by ENT-000018"),
	},
	{
		Kind: document, Code: "DOC-000021", Type: "report", Date: "2017-10-26", Reliability: correct,
		Title: tx("التقرير السابع لآلية التحقيق المشتركة بين الأمم المتحدة ومنظمة حظر الأسلحة الكيميائية", "Seventh report of the OPCW–UN Joint Investigative Mechanism"),
		Text: tx(`
تقرير خلصت فيه الآلية إلى أنها واثقة من مسؤولية الجمهورية العربية السورية عن إطلاق السارين على خان شيخون في 4 نيسان 2017، ومن مسؤولية تنظيم الدولة الإسلامية عن استخدام خردل الكبريت في أم حوش بريف حلب في أيلول 2016.`, `
A report in which the Mechanism stated it was confident that the Syrian Arab Republic was responsible for the release of sarin at Khan Shaykhun on 4 April 2017, and that the Islamic State was responsible for the use of sulfur mustard at Umm Hosh in the Aleppo countryside in September 2016.`),
		Places: at("PLC-000016"),
		Links:  links("issued-by ENT-000025", "issued-by ENT-000018"),
	},
	{
		Kind: document, Code: "DOC-000022", Type: "report", Date: "2019-03-01", Reliability: correct,
		Title: tx("تقرير بعثة تقصي الحقائق بشأن حادثة دوما في 7 نيسان 2018", "Report of the Fact-Finding Mission on the incident in Douma, 7 April 2018"),
		Text: tx(`
التقرير النهائي لبعثة تقصي الحقائق التابعة لمنظمة حظر الأسلحة الكيميائية، خلص إلى وجود أسباب معقولة للاعتقاد بأن مادة كيميائية سامة تحتوي على الكلور التفاعلي استُخدمت سلاحاً في دوما. لم يكن تحديد المسؤولية من تفويض البعثة.`, `
The final report of the OPCW Fact-Finding Mission, which found reasonable grounds to believe that a toxic chemical containing reactive chlorine was used as a weapon in Douma. Attributing responsibility was not part of the mission's mandate.`),
		Places: at("PLC-000014"),
		Links:  links("issued-by ENT-000025"),
	},
	{
		Kind: document, Code: "DOC-000023", Type: "report", Date: "2012-07-03", Reliability: correct,
		Title: tx("أرخبيل التعذيب: الاعتقال التعسفي والتعذيب والاختفاء القسري في مراكز الاحتجاز السورية منذ آذار 2011", "Torture Archipelago: Arbitrary Arrests, Torture, and Enforced Disappearances in Syria's Underground Prisons since March 2011"),
		Text: tx(`
تقرير لهيومن رايتس ووتش يحدد سبعة وعشرين مركز احتجاز تديرها أجهزة المخابرات السورية، ويرسم مواقعها على الخرائط، ويوثّق أساليب التعذيب فيها استناداً إلى مقابلات مع أكثر من مئتي معتقل سابق ومنشق.`, `
A Human Rights Watch report identifying twenty-seven detention facilities run by Syria's intelligence agencies, mapping their locations and documenting the torture methods used there, from interviews with more than two hundred former detainees and defectors.`),
		Links: links("issued-by ENT-000023", "mentions ENT-000008", "mentions PLC-000004"),
	},
	{
		Kind: document, Code: "DOC-000024", Type: "report", Date: "2016-08-18", Reliability: correct,
		Title: tx("«إنه يحطّم الإنسان»: التعذيب والمرض والموت في سجون سوريا", "'It breaks the human': Torture, disease and death in Syria's prisons"),
		Text: tx(`
تقرير لمنظمة العفو الدولية يستند إلى شهادات 65 ناجياً من التعذيب، ويقدّر بالتعاون مع مجموعة تحليل بيانات حقوق الإنسان أن أكثر من 17 ألف شخص توفّوا في الاحتجاز بين آذار 2011 وكانون الأول 2015.`, `
An Amnesty International report based on the accounts of 65 torture survivors; with the Human Rights Data Analysis Group it estimates that more than 17,000 people died in custody between March 2011 and December 2015.`),
		Links: links("issued-by ENT-000022", "mentions PLC-000002"),
	},
	{
		Kind: document, Code: "DOC-000025", Type: "press-release", Date: "2016-04-28", Reliability: correct,
		Title: tx("أطباء بلا حدود: تدمير مشفى القدس في حلب", "MSF: al-Quds Hospital in Aleppo destroyed"),
		Text: tx(`
بيان صحفي لمنظمة أطباء بلا حدود أعلنت فيه تدمير مشفى القدس الذي تدعمه في حلب بغارة جوية ليلة 27 نيسان، ومقتل عدد من المرضى والعاملين بينهم آخر طبيب أطفال في المنطقة، ودعت إلى وقف الهجمات على المرافق الطبية.`, `
A press release in which Médecins Sans Frontières announced that al-Quds Hospital, which it supported in Aleppo, had been destroyed by an airstrike on the night of 27 April, killing patients and staff, among them the area's last paediatrician, and called for attacks on medical facilities to stop.`),
		Places: at("PLC-000009"),
		Links:  links("issued-by ENT-000027"),
	},
	{
		Kind: document, Code: "DOC-000026", Type: "statement", Date: "2012-05-29", Reliability: correct,
		Title: tx("تصريح مفوضية حقوق الإنسان بشأن مجزرة الحولة", "OHCHR briefing on the Houla killings"),
		Text: tx(`
تصريح للمتحدث باسم المفوضية السامية لحقوق الإنسان في جنيف، أفاد فيه بأن أقل من عشرين من ضحايا الحولة البالغ عددهم 108 قُتلوا بالقصف، وأن معظم الباقين قُتلوا إعداماً ميدانياً في حادثتين منفصلتين، استناداً إلى شهادات جمعها مراقبو الأمم المتحدة.`, `
A briefing by the spokesman of the UN High Commissioner for Human Rights in Geneva stating that fewer than twenty of the 108 victims at Houla were killed by shelling and that most of the rest were summarily executed in two separate incidents, according to accounts gathered by UN observers.`),
		Places: at("PLC-000015"),
		Links:  links("issued-by ENT-000020"),
	},
	{
		Kind: document, Code: "DOC-000027", Type: "statement", Date: "2024-12-10", Reliability: correct,
		Title: tx("الدفاع المدني السوري: انتهاء عمليات البحث في سجن صيدنايا", "Syria Civil Defence: search operations at Sednaya Prison concluded"),
		Text: tx(`
بيان أعلن فيه الدفاع المدني السوري انتهاء عمليات البحث عن معتقلين محتملين في زنازين أو سراديب سرية داخل سجن صيدنايا، بعد تفتيش المبنى بفرق متخصصة وكلاب مدربة ومرشدين من المعتقلين السابقين، دون العثور على أماكن غير مكتشفة. دعا البيان الأهالي إلى عدم الانسياق وراء الشائعات.`, `
A statement in which Syria Civil Defence announced the end of its search for detainees who might be held in secret cells or basements at Sednaya Prison, after going through the building with specialist teams, trained dogs and former detainees as guides, without finding any undiscovered places. It asked families not to be carried away by rumours.`),
		Places: at("PLC-000002"),
		Links:  links("issued-by ENT-000010"),
	},
	{
		Kind: document, Code: "DOC-000028", Type: "leaflet", Date: "2011", Reliability: unverified,
		Title: tx("بطاقة «نحن إخوتك» المرفقة بالورود والماء في داريا", "\"We are your brothers\": card handed out with roses and water in Daraya"),
		Text: tx(`
بطاقة صغيرة قال ناشطو داريا إنهم أرفقوها بالورود وزجاجات الماء التي قدّموها للجنود في مظاهراتهم عام 2011، تحمل رسالة مفادها أن المحتجين والجنود إخوة في وطن واحد وأن المظاهرات سلمية. تحتفظ الذاكرة بوصفها كما رواه الناشطون، دون نسخة أصلية.`, `
A small card Daraya activists say they attached to the roses and bottles of water they handed to soldiers at their protests in 2011, its message being that protesters and soldiers are brothers in one homeland and that the protests are peaceful. The archive keeps its description as the activists gave it, without an original copy.`),
		Places: at("PLC-000013"),
		Links:  links("mentions PER-000006"),
	},
	{
		Kind: document, Code: "DOC-000029", Type: "leaflet", Date: "2018-02", Reliability: unverified,
		Title: tx("منشورات أُلقيت فوق الغوطة الشرقية تدعو السكان إلى الخروج", "Leaflets dropped over the Eastern Ghouta urging residents to leave"),
		Text: tx(`
منشورات قالت وسائل إعلام رسمية وناشطون إن طائرات حكومية ألقتها فوق بلدات الغوطة الشرقية خلال الحملة العسكرية في شباط 2018، تدعو المدنيين إلى الخروج عبر «ممرات آمنة» والمسلحين إلى تسوية أوضاعهم. لم تطّلع الذاكرة على نسخة منها.`, `
Leaflets which state media and activists said government aircraft dropped over the towns of the Eastern Ghouta during the military campaign of February 2018, urging civilians to leave through "safe corridors" and fighters to settle their status. The archive has not seen a copy.`),
		Places: at("SY0302"),
		Links:  links("issued-by ENT-000006 | as reported"),
	},
	{
		Kind: document, Code: "DOC-000030", Type: "statement", Date: "2016-02-22", Reliability: correct,
		Title: tx("البيان المشترك الأمريكي الروسي بشأن وقف الأعمال العدائية في سوريا", "Joint statement of the United States and Russia on the cessation of hostilities in Syria"),
		Text: tx(`
بيان أعلنت فيه الدولتان، بصفتهما رئيستين مشتركتين للمجموعة الدولية لدعم سوريا، شروط وقف للأعمال العدائية يبدأ في 27 شباط 2016، لا يشمل تنظيم الدولة الإسلامية وجبهة النصرة.`, `
A statement in which the two countries, as co-chairs of the International Syria Support Group, set out the terms of a cessation of hostilities starting on 27 February 2016, excluding the Islamic State and the Nusra Front.`),
		Links: links("related DOC-000007"),
	},
	{
		Kind: document, Code: "DOC-000031", Type: "statement", Date: "2017-05-04", Reliability: correct,
		Title: tx("مذكرة أستانا بشأن إنشاء مناطق خفض التصعيد", "Astana memorandum on the creation of de-escalation areas"),
		Text: tx(`
مذكرة وقّعتها روسيا وتركيا وإيران في أستانا، تنشئ أربع مناطق لخفض التصعيد: محافظة إدلب وما يجاورها، وشمال محافظة حمص، والغوطة الشرقية، وأجزاء من جنوب سوريا في درعا والقنيطرة.`, `
A memorandum signed by Russia, Turkey and Iran in Astana creating four de-escalation areas: Idlib governorate and its surroundings, northern Homs governorate, the Eastern Ghouta, and parts of southern Syria in Daraa and Quneitra.`),
		Places: at("SY07", "SY0404", "SY0302", "SY12"),
	},
	{
		Kind: document, Code: "DOC-000032", Type: "report", Date: "2011-11", Reliability: correct,
		Title: tx("التقرير الأول للجنة التحقيق الدولية المستقلة بشأن سوريا", "First report of the Independent International Commission of Inquiry on Syria"),
		Text: tx(`
أول تقرير للجنة، قُدّم إلى مجلس حقوق الإنسان في تشرين الثاني 2011 دون أن يُسمح لأعضائها بدخول سوريا، استناداً إلى مقابلات مع 223 ضحية وشاهداً. وثّق عمليات قتل واعتقال تعسفي وتعذيب، بينها حالات لأطفال، منذ آذار 2011.`, `
The Commission's first report, submitted to the Human Rights Council in November 2011 without its members being allowed into Syria, drawing on interviews with 223 victims and witnesses. It documented killings, arbitrary detention and torture, including of children, since March 2011.`),
		Source: src("UN Human Rights Council, A/HRC/S-17/2/Add.1", ""),
		Links:  links("issued-by ENT-000021"),
	},
}
