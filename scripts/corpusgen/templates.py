"""Hand-written web furniture: the low-quality text a cleaner should remove.

Everything here is original to this project (no third-party text), kept short
on purpose: real crawls repeat the same few banners millions of times, and so
do we.
"""

# Site chrome per language: navigation items, cookie banner, footer pieces.
CHROME = {
    "en": {
        "nav": ["Home", "About", "Blog", "Contact", "News", "Products", "Support", "Login", "Shop", "FAQ"],
        "cookie": ["We use cookies to improve your experience. By continuing to browse this site you agree to our use of cookies.",
                   "This website uses cookies to ensure you get the best experience on our website. Learn more"],
        "buttons": ["Accept all", "Reject", "Cookie settings", "OK", "Got it!"],
        "rights": "All rights reserved.",
        "legal": ["Privacy Policy", "Terms of Use", "Imprint", "Sitemap", "Cookie Policy"],
        "share": "Share this:", "related": "Related posts", "skip": "Skip to content",
        "newsletter": "Subscribe to our newsletter and never miss an update!",
        "updated": "Last updated:", "posted": "Posted by admin", "read_more": "Read more",
    },
    "de": {
        "nav": ["Startseite", "Über uns", "Blog", "Kontakt", "Aktuelles", "Produkte", "Hilfe", "Anmelden", "Shop"],
        "cookie": ["Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Wenn Sie die Website weiter nutzen, stimmen Sie der Verwendung von Cookies zu.",
                   "Diese Website verwendet Cookies. Mehr erfahren"],
        "buttons": ["Alle akzeptieren", "Ablehnen", "Einstellungen", "OK"],
        "rights": "Alle Rechte vorbehalten.",
        "legal": ["Datenschutz", "Impressum", "AGB", "Cookie-Richtlinie"],
        "share": "Teilen:", "related": "Ähnliche Beiträge", "skip": "Zum Inhalt springen",
        "newsletter": "Abonnieren Sie unseren Newsletter!",
        "updated": "Zuletzt aktualisiert:", "posted": "Veröffentlicht von admin", "read_more": "Weiterlesen",
    },
    "fr": {
        "nav": ["Accueil", "À propos", "Blog", "Contact", "Actualités", "Produits", "Aide", "Connexion"],
        "cookie": ["Nous utilisons des cookies pour améliorer votre expérience. En poursuivant votre navigation, vous acceptez l'utilisation des cookies.",
                   "Ce site utilise des cookies. En savoir plus"],
        "buttons": ["Tout accepter", "Refuser", "Paramètres", "OK"],
        "rights": "Tous droits réservés.",
        "legal": ["Politique de confidentialité", "Mentions légales", "CGU", "Plan du site"],
        "share": "Partager :", "related": "Articles similaires", "skip": "Aller au contenu",
        "newsletter": "Inscrivez-vous à notre newsletter !",
        "updated": "Dernière mise à jour :", "posted": "Publié par admin", "read_more": "Lire la suite",
    },
    "es": {
        "nav": ["Inicio", "Quiénes somos", "Blog", "Contacto", "Noticias", "Productos", "Ayuda"],
        "cookie": ["Utilizamos cookies para mejorar su experiencia. Si continúa navegando, acepta su uso.",
                   "Este sitio web utiliza cookies. Más información"],
        "buttons": ["Aceptar todo", "Rechazar", "Configuración", "OK"],
        "rights": "Todos los derechos reservados.",
        "legal": ["Política de privacidad", "Aviso legal", "Política de cookies", "Mapa del sitio"],
        "share": "Compartir:", "related": "Artículos relacionados", "skip": "Saltar al contenido",
        "newsletter": "¡Suscríbete a nuestro boletín!",
        "updated": "Última actualización:", "posted": "Publicado por admin", "read_more": "Leer más",
    },
    "ru": {
        "nav": ["Главная", "О нас", "Блог", "Контакты", "Новости", "Товары", "Помощь", "Войти"],
        "cookie": ["Мы используем файлы cookie, чтобы сделать сайт удобнее. Продолжая пользоваться сайтом, вы соглашаетесь с их использованием.",
                   "Этот сайт использует cookie. Подробнее"],
        "buttons": ["Принять", "Отклонить", "Настройки", "OK"],
        "rights": "Все права защищены.",
        "legal": ["Политика конфиденциальности", "Пользовательское соглашение", "Карта сайта"],
        "share": "Поделиться:", "related": "Похожие записи", "skip": "Перейти к содержимому",
        "newsletter": "Подпишитесь на нашу рассылку!",
        "updated": "Обновлено:", "posted": "Опубликовано: admin", "read_more": "Читать далее",
    },
    "ja": {
        "nav": ["ホーム", "会社概要", "ブログ", "お問い合わせ", "ニュース", "製品情報", "ヘルプ", "ログイン"],
        "cookie": ["当サイトでは、より良いサービスを提供するためにクッキーを使用しています。サイトの閲覧を続けることで、クッキーの使用に同意したものとみなされます。"],
        "buttons": ["同意する", "拒否する", "設定", "OK"],
        "rights": "All rights reserved.",
        "legal": ["プライバシーポリシー", "利用規約", "サイトマップ"],
        "share": "シェアする:", "related": "関連記事", "skip": "コンテンツへスキップ",
        "newsletter": "メールマガジンに登録する",
        "updated": "最終更新日:", "posted": "投稿者: admin", "read_more": "続きを読む",
    },
    "zh": {
        "nav": ["首页", "关于我们", "博客", "联系我们", "新闻", "产品", "帮助", "登录"],
        "cookie": ["本网站使用 Cookie 来改善您的浏览体验。继续浏览即表示您同意我们使用 Cookie。"],
        "buttons": ["全部接受", "拒绝", "设置", "确定"],
        "rights": "版权所有。",
        "legal": ["隐私政策", "使用条款", "网站地图", "京ICP备00000000号"],
        "share": "分享到：", "related": "相关文章", "skip": "跳到正文",
        "newsletter": "订阅我们的新闻通讯！",
        "updated": "最后更新：", "posted": "发布者：admin", "read_more": "阅读全文",
    },
}

SOCIAL = ["Facebook", "Twitter", "LinkedIn", "WhatsApp", "Email", "Reddit", "Telegram", "Pinterest"]

# Keyword stuffing of the kind search-engine spam pages carry.
SPAM_TERMS = [
    "buy cheap viagra", "cheap cialis online", "online casino", "casino bonus", "free spins",
    "no deposit bonus", "best price", "no prescription", "free shipping", "payday loans",
    "bad credit loans", "replica watches", "cheap rolex", "weight loss pills", "lose weight fast",
    "make money online", "work from home", "bitcoin doubler", "crypto investment", "forex signals",
    "seo backlinks", "buy followers", "essay writing service", "cheap flights", "hot singles",
    "poker online", "sports betting", "slot machines", "jackpot", "100% guaranteed", "limited offer",
    "click here", "order now", "discount", "sale", "viagra", "casino", "loans", "pills", "bonus",
]
SPAM_SHOUTS = [
    "CLICK HERE TO WIN A FREE IPHONE!!!", ">>> BEST CASINO BONUS 2023 <<<", "Buy now and save 90% !!!",
    "FREE CREDITS - NO DEPOSIT - INSTANT WITHDRAWAL", "Hot deals every day!!! Don't miss out!!!",
    "Congratulations! You have been selected!", "$$$ Earn $5000 a week from home $$$",
]

LOREM_WORDS = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris "
    "nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse "
    "cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui "
    "officia deserunt mollit anim id est laborum curabitur pretium tincidunt lacus nulla gravida "
    "orci a odio nullam varius turpis et commodo pharetra est eros bibendum elit nec luctus magna "
    "felis sollicitudin mauris integer dapibus mi at sapien vehicula lobortis"
).split()
LOREM_OPENING = "Lorem ipsum dolor sit amet, consectetur adipiscing elit"

# Whole pages of one to five words, as left behind by error pages and stubs.
SHORT_PAGES = [
    "404 Not Found", "Page not found", "Loading…", "Access denied", "Coming soon", "Under construction",
    "Hello world!", "Test", "Redirecting…", "Forbidden", "Please enable JavaScript", "Seite nicht gefunden",
    "Page introuvable", "Página no encontrada", "Страница не найдена", "ページが見つかりません",
    "页面未找到", "Internal Server Error", "Log in", "Checkout", "Thank you!", "Sold out",
]

# Code page headings: {name} is the man page the snippet came from.
CODE_TITLES = [
    "Example: {name}", "How to use {name} in C", "{name} example program", "Snippet: {name}",
    "Re: help with {name}?", "Code sample ({name})", "Tutorial – {name}",
]

BULLETS = ["• ", "- ", "* ", "· ", "→ ", "✓ "]

# Host name parts for URLs. All hosts end in example.com/org/net (RFC 2606)
# so no generated URL points at a real site.
HOST_WORDS = ["daily", "open", "tech", "linux", "blue", "north", "river", "quiet", "green", "alpine",
              "pixel", "urban", "coastal", "red", "bright", "smart", "global", "city", "free", "deep"]
HOST_KINDS = ["notes", "journal", "wiki", "forum", "press", "times", "docs", "hub", "base", "review",
              "blog", "news", "lab", "post", "world", "guide"]
SPAM_HOSTS = ["cheap-pills-24", "casino-royal-bonus", "best-loans-now", "replica-shop", "win-big-today",
              "seo-links-pro", "crypto-x100"]
TLDS = ["example.com", "example.org", "example.net"]

# Common Crawl style snapshot names for the "dump" field.
DUMPS = ["CC-MAIN-2023-06", "CC-MAIN-2023-14", "CC-MAIN-2023-23", "CC-MAIN-2023-40",
         "CC-MAIN-2023-50", "CC-MAIN-2024-10"]
