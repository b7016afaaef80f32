/* global document, location, URLSearchParams, window */
// The demo shop's script (a file of its own: the page's content security policy allows no inline script).
// The page's language comes from ?lang= (fa, ar or en); it sets <html lang/dir> before anything renders.
(function () {
  var requested = new URLSearchParams(location.search).get('lang');
  var lang = requested === 'fa' || requested === 'ar' || requested === 'en' ? requested : 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'en' ? 'ltr' : 'rtl';
  window.tabasomLang = lang;
})();

document.addEventListener('DOMContentLoaded', function () {
  // Page copy in the chosen language (a real shop would render this on the server).
  (function () {
    var copy = {
      fa: {
        brand: 'فروشگاه تبسم',
        navPhones: 'گوشی',
        navAudio: 'صوتی',
        navHome: 'خانه و آشپزخانه',
        navHelp: 'راهنما',
        eyebrow: 'ارسال رایگان به سراسر امارات برای خریدهای بالای ۲۰۰ درهم',
        heroTitle: 'هر آنچه برای خانه‌ای هوشمندتر لازم دارید، فردا دم در خانه.',
        heroText:
          'گوشی، صوتی، تلویزیون و لوازم آشپزخانه با گارانتی رسمی امارات، ۱۴ روز بازگشت آسان و پشتیبانی به فارسی، عربی و انگلیسی.',
        shopNow: 'دیدن پیشنهادها',
        askUs: 'از ما بپرسید',
        perk1: '۱۴ روز بازگشت کالا',
        perk1b: 'تحویل رایگان از درِ خانه',
        perk2: 'گارانتی رسمی',
        perk2b: 'تا ۲ سال برای همه دستگاه‌ها',
        perk3: 'پرداخت به روش شما',
        perk3b: 'کارت، Apple Pay یا پرداخت در محل',
        bestSellers: 'پرفروش‌های این هفته',
        aed: 'درهم',
        add: 'افزودن به سبد',
        p1: 'گلکسی S25، ۲۵۶ گیگ',
        p2: 'هدفون با حذف نویز',
        p3: 'تلویزیون هوشمند ۵۵ اینچ 4K',
        p4: 'سرخ‌کن بدون روغن ۵٫۵ لیتری',
        p5: 'جاروبرقی رباتیک با تی',
        p6: 'اسپرسوساز',
        helpTitle: 'سؤالی دارید؟ در چند ثانیه جواب می‌دهیم.',
        helpText:
          'سفارش، ارسال، بازگشت کالا، بازپرداخت، گارانتی: در گفت‌وگو از دستیار ما بپرسید، به فارسی، عربی یا انگلیسی. همکاران ما هم همیشه یک پیام با شما فاصله دارند.',
        hoursT: 'ساعت کاری',
        hours: 'هر روز، ۱۰ صبح تا ۱۰ شب',
        storeT: 'نمایشگاه',
        store: 'البرشاء ۱، دبی',
        phoneT: 'تلفن',
        footer: '© ۲۰۲۶ فروشگاه تبسم، دبی. قیمت‌ها با مالیات بر ارزش افزوده است.',
      },
      ar: {
        brand: 'متجر تبسّم',
        navPhones: 'الهواتف',
        navAudio: 'الصوتيات',
        navHome: 'المنزل والمطبخ',
        navHelp: 'المساعدة',
        eyebrow: 'توصيل مجاني في جميع أنحاء الإمارات للطلبات فوق ٢٠٠ درهم',
        heroTitle: 'كل ما يحتاجه بيتك الذكي، يصلك غدًا.',
        heroText:
          'هواتف وسماعات وتلفزيونات وأجهزة مطبخ بضمان رسمي في الإمارات، وإرجاع سهل خلال ١٤ يومًا، ودعم بالعربية والفارسية والإنجليزية.',
        shopNow: 'تسوّق العروض',
        askUs: 'اسألنا',
        perk1: 'إرجاع خلال ١٤ يومًا',
        perk1b: 'نستلم المنتج من باب بيتك مجانًا',
        perk2: 'ضمان رسمي',
        perk2b: 'حتى سنتين على كل جهاز',
        perk3: 'ادفع كما تحب',
        perk3b: 'بطاقة أو Apple Pay أو الدفع عند الاستلام',
        bestSellers: 'الأكثر مبيعًا هذا الأسبوع',
        aed: 'درهم',
        add: 'أضف إلى السلة',
        p1: 'جالكسي S25، ٢٥٦ جيجابايت',
        p2: 'سماعات بخاصية إلغاء الضوضاء',
        p3: 'تلفزيون ذكي 4K مقاس ٥٥ بوصة',
        p4: 'قلاية هوائية ٥٫٥ لتر',
        p5: 'مكنسة روبوت مع ممسحة',
        p6: 'ماكينة إسبريسو',
        helpTitle: 'عندك سؤال؟ نجيبك خلال ثوانٍ.',
        helpText:
          'الطلبات والتوصيل والإرجاع واسترداد المبلغ والضمان: اسأل مساعدنا في المحادثة بالعربية أو الفارسية أو الإنجليزية، وفريقنا دائمًا على بُعد رسالة واحدة.',
        hoursT: 'ساعات العمل',
        hours: 'يوميًا من ١٠ صباحًا حتى ١٠ مساءً',
        storeT: 'صالة العرض',
        store: 'البرشاء ١، دبي',
        phoneT: 'الهاتف',
        footer: '© ٢٠٢٦ متجر تبسّم ذ.م.م، دبي. الأسعار تشمل ضريبة القيمة المضافة.',
      },
    };
    var lang = window.tabasomLang;
    var words = copy[lang];
    if (words) {
      document.querySelectorAll('[data-t]').forEach(function (element) {
        var text = words[element.getAttribute('data-t')];
        if (text) element.textContent = text;
      });
      document.title = words.brand;
      if (lang === 'fa') {
        document.querySelectorAll('.num').forEach(function (element) {
          element.textContent = element.textContent
            .replace(/\d/g, function (d) {
              return '۰۱۲۳۴۵۶۷۸۹'[d];
            })
            .replace(/,/g, '٬');
        });
      }
    }
    document.querySelectorAll('.langs a').forEach(function (link) {
      if (link.getAttribute('hreflang') === lang) link.setAttribute('aria-current', 'page');
    });

    // The chat widget. On any other site the whole integration is one tag in the page:
    //   script src="https://chat.example/widget.js" async (optional data-lang, data-title, ...)
    // Here the tag is added by this script so that data-lang follows the language switcher.
    var widget = document.createElement('script');
    widget.src = '/widget.js';
    widget.async = true;
    widget.dataset.lang = lang;
    widget.dataset.title = words ? words.brand : 'Tabasom Store';
    widget.dataset.color = '#0e7c66';
    // A signed-in shop customer: a real shop's server writes these two from its session (the hash is
    // HMAC-SHA256 of the user id with IDENTITY_SECRET, docs/identity.md). The demo takes them from
    // ?user=...&userHash=... so a signed-in visit can be tried out.
    var query = new URLSearchParams(location.search);
    if (query.get('user') && query.get('userHash')) {
      widget.dataset.userId = query.get('user');
      widget.dataset.userHash = query.get('userHash');
    }
    document.body.appendChild(widget);
  })();

  document.querySelectorAll('[data-open-chat]').forEach(function (button) {
    button.addEventListener('click', function () {
      if (window.hamdel) window.hamdel.open();
    });
  });
});
