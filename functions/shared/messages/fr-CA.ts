/**
 * French (Québec) texts of the API's problem documents. The keys are the English texts the code
 * writes (a plain string, or an m`…` template with `{0}`, `{1}` for its values; domain/shared/message.ts);
 * `tests/unit/messages/api-messages.test.ts` fails if a message of the code is missing here, or if a
 * key here is no longer written by the code.
 */
export const fr = {
  /** Titles by problem `code` (the English title stays with the code that raises it). */
  titles: {
    'validation-error': 'Votre requête n’est pas valide',
    'not-found': 'Introuvable',
    unauthorized: 'Non authentifié',
    forbidden: 'Accès refusé',
    'internal-error': 'Erreur interne',
    'unsupported-media-type': 'Type de contenu non pris en charge',
    'idempotency-key-reused': 'Clé d’idempotence réutilisée',
    'request-in-progress': 'Requête en cours',
    'invalid-credentials': 'Identifiants invalides',
    'too-many-login-attempts': 'Trop de tentatives de connexion',
    'insufficient-stock': 'Stock insuffisant',
    'payment-declined': 'Paiement refusé',
    'payment-reversed': 'Paiement annulé',
    'payment-unavailable': 'Fournisseur de paiement indisponible',
    'unknown-product': 'Produit inconnu',
    interrupted: 'Vente interrompue',
    'concurrent-update': 'Modification concurrente',
    'checkout-in-progress': 'Paiement du panier en cours',
    'cart-closed': 'Panier fermé',
    'order-not-returnable': 'Commande non retournable',
    'over-return': 'Retour supérieur à la vente',
    'register-closed': 'Caisse fermée',
    'not-voidable': 'Vente non annulable',
    'offline-total-mismatch': 'Total hors ligne incohérent',
    'register-open': 'Caisse déjà ouverte',
    'session-not-open': 'Session de caisse non ouverte',
    'session-closed': 'Session de caisse fermée',
    'sale-in-progress': 'Vente en cours',
    'replenishment-status': 'État de réapprovisionnement incompatible',
    'replenishment-in-progress': 'Réapprovisionnement en cours',
    'count-status': 'Inventaire déjà comptabilisé',
    'purchase-order-status': 'État de bon de commande incompatible',
    'purchase-in-progress': 'Bon de commande en cours de création',
    'replenishment-received': 'Réception déjà confirmée',
    'count-below-held': 'Compte inférieur aux unités réservées',
    'duplicate-sku': 'SKU déjà utilisé',
    'duplicate-barcode': 'Code-barres déjà utilisé',
    'duplicate-username': 'Nom d’utilisateur déjà pris',
    'duplicate-email': 'Courriel déjà utilisé',
    'login-busy': 'Trop de connexions à la fois',
    'invalid-refresh-token': 'Jeton de renouvellement invalide',
    'account-disabled': 'Compte désactivé',
    'user-changed': 'Utilisateur modifié entre-temps',
    'approver-not-allowed': 'Approbation non permise',
    'approval-invalid': 'Approbation non valide',
    'approval-required': 'Approbation d’un gestionnaire requise',
    'fulfilment-action-not-allowed': 'Étape impossible pour cette commande',
    'already-shipped': 'Commande déjà expédiée',
    'not-cancellable': 'Commande non annulable',
    'pickup-not-due': 'Délai de cueillette non échu',
    'pickup-code-locked': 'Cueillette verrouillée',
    'wrong-pickup-code': 'Code de cueillette erroné',
    'not-shippable': 'Produit offert en cueillette seulement',
    'promo-unknown': 'Code promo inconnu',
    'promo-inactive': 'Code promo retiré',
    'promo-not-yet-valid': 'Code promo pas encore valide',
    'promo-expired': 'Code promo expiré',
    'promo-below-minimum': 'Panier sous le minimum du code promo',
    'promo-exhausted': 'Code promo épuisé',
    'duplicate-promo-code': 'Code promo déjà existant',
  } as Record<string, string>,

  /** Titles by status, for a code without its own. */
  statusTitles: {
    400: 'Requête invalide',
    401: 'Non authentifié',
    402: 'Paiement refusé',
    403: 'Accès refusé',
    404: 'Introuvable',
    409: 'Conflit',
    415: 'Type de contenu non pris en charge',
    422: 'Requête impossible à traiter',
    429: 'Trop de requêtes',
    500: 'Erreur interne',
    503: 'Service indisponible',
  } as Record<number, string>,

  /**
   * Details by code, for texts that reach the answer without their template: a saga step's failure
   * crosses the state machine as plain text (its specifics are in the problem's extensions, e.g. `lines`).
   */
  codeDetails: {
    'insufficient-stock':
      'Le stock disponible ne suffit pas pour au moins une ligne de la commande (voir « lines » : unités disponibles par produit).',
    'unknown-product': 'Un produit de la commande n’existe pas au catalogue.',
    'internal-error': 'La commande n’a pas pu être complétée.',
    'promo-exhausted':
      'Le code promo a déjà servi autant de fois que permis ; rien n’a été facturé. Recommencez sans ce code.',
  } as Record<string, string>,

  /** Words the code passes as values: what was not found, whose resource it is. */
  terms: {
    Product: 'Le produit',
    Order: 'La commande',
    Cart: 'Le panier',
    User: 'L’utilisateur',
    Export: 'L’export',
    Location: 'Le lieu',
    Replenishment: 'La demande de réapprovisionnement',
    'Stock line': 'La ligne de stock',
    'Purchase order': 'Le bon de commande',
    Supplier: 'Le fournisseur',
    Count: 'L’inventaire',
    'Stock of product': 'Le stock du produit',
    'Register session of till': 'La session de caisse de la caisse',
    Session: 'La session de caisse',
    Receipt: 'Le reçu',
    'Parked basket': 'Le panier en attente',
    order: 'cette commande',
    cart: 'ce panier',
    resource: 'cette ressource',
    'no store': 'aucun magasin',
  } as Record<string, string>,

  messages: {
    // ---- split tender at the till (functions/sales/create-sale.ts, sales-service.ts)
    'say how the sale is paid: `payment`, or `tenders` for a split tender':
      'indiquez comment la vente est payée : `payment`, ou `tenders` pour un paiement partagé',
    'split tender: the cash part must be more than 0 and less than the total of {0} cents, the rest by card':
      'paiement partagé : la part comptant doit être de plus de 0 et de moins que le total de {0} cents, le reste par carte',
    // ---- promo codes (domain/sales/promo.ts, functions/sales/promo-service.ts)
    'The promo code {0} does not exist': 'Le code promo {0} n’existe pas',
    'The promo code {0} is no longer offered': 'Le code promo {0} n’est plus offert',
    'The promo code {0} is valid from {1}': 'Le code promo {0} est valide à partir du {1}',
    'The promo code {0} expired on {1}': 'Le code promo {0} a expiré le {1}',
    'The promo code {0} needs a basket of at least {1} cents':
      'Le code promo {0} demande un panier d’au moins {1} cents',
    'The promo code {0} was used as many times as allowed':
      'Le code promo {0} a déjà servi autant de fois que permis',
    'The promo code {0} already exists': 'Le code promo {0} existe déjà',
    'The promo code {0} was changed meanwhile; retry':
      'Le code promo {0} a été modifié entre-temps ; réessayez',
    'The order {0} was interrupted': 'La commande {0} a été interrompue',
    'a promo code is 3 to 32 letters, digits, - or _':
      'un code promo compte de 3 à 32 lettres, chiffres, - ou _',
    'a percentage code has a percent and no amountCents':
      'un code en pourcentage a un « percent » et pas de « amountCents »',
    'an amount code has an amountCents and no percent':
      'un code en montant a un « amountCents » et pas de « percent »',
    'a parked basket needs a label of 1 to {0} characters':
      'un panier en attente demande un libellé de 1 à {0} caractères',
    'must be a receipt number such as store-1-till-1-42':
      'doit être un numéro de reçu comme store-1-till-1-42',
    'must be a day (yyyy-mm-dd)': 'doit être un jour (aaaa-mm-jj)',
    'the last day is before the first': 'le dernier jour précède le premier',
    'a minimum basket is a whole number of cents, 0 or more':
      'un panier minimum est un nombre entier de cents, 0 ou plus',
    'a usage limit is a whole number of orders, 1 or more':
      'une limite d’utilisation est un nombre entier de commandes, 1 ou plus',
    'must be 3–32 letters, digits, - or _': 'doit compter 3 à 32 lettres, chiffres, - ou _',
    // ---- one key, one order (functions/sales/sales-service.ts, the simulated provider)
    'The card token is not valid': 'Le jeton de la carte n’est pas valide',
    'This payment was cancelled before it was taken': 'Ce paiement a été annulé avant d’être pris',
    'The order could not be completed; nothing was charged. Retry with the same Idempotency-Key':
      'La commande n’a pas pu être conclue ; rien n’a été facturé. Réessayez avec la même clé d’idempotence',
    'This Idempotency-Key was already used for a different return; use a new key for a new return':
      'Cette clé d’idempotence a déjà servi pour un autre retour ; utilisez une nouvelle clé pour un nouveau retour',
    '{0}; retry with the same Idempotency-Key': '{0} ; réessayez avec la même clé d’idempotence',
    'Order {0} is still being processed; retry with the same Idempotency-Key':
      'La commande {0} est encore en traitement ; réessayez avec la même clé d’idempotence',
    '{0} is not a tax class': '{0} n’est pas une catégorie de taxe',
    // ---- the HTTP stack (functions/shared)
    'The request body has {0} error(s)': 'Le corps de la requête contient {0} erreur(s)',
    'The query string has {0} error(s)': 'Les paramètres de la requête contiennent {0} erreur(s)',
    'The path has {0} error(s)': 'Le chemin contient {0} erreur(s)',
    'The headers have {0} error(s)': 'Les en-têtes contiennent {0} erreur(s)',
    'unknown field': 'champ inconnu',
    'unknown parameter': 'paramètre inconnu',
    missing: 'manquant',
    invalid: 'invalide',
    required: 'obligatoire',
    'invalid cursor': 'curseur invalide',
    'malformed JSON': 'JSON mal formé',
    'A JSON request body is required': 'Un corps de requête JSON est requis',
    'The request body is not valid JSON': 'Le corps de la requête n’est pas du JSON valide',
    'The request body must be JSON sent with content-type: application/json':
      'Le corps de la requête doit être du JSON envoyé avec content-type: application/json',
    'must be application/json': 'doit être application/json',
    'This route takes no query parameters': 'Cette route ne prend aucun paramètre de requête',
    'This request needs an Idempotency-Key header (any unique string, reused only to retry it)':
      'Cette requête exige un en-tête Idempotency-Key (une chaîne unique, réutilisée seulement pour la réessayer)',
    'The Idempotency-Key header must be 1–255 printable ASCII characters':
      'L’en-tête Idempotency-Key doit compter de 1 à 255 caractères ASCII imprimables',
    'This Idempotency-Key was already used for a different request; use a new key for a new request':
      'Cette clé Idempotency-Key a déjà servi pour une autre requête ; utilisez une nouvelle clé pour une nouvelle requête',
    'A request with this Idempotency-Key is still running; retry in a moment':
      'Une requête avec cette clé Idempotency-Key est encore en cours ; réessayez dans un moment',
    'Something went wrong on our side; the request was not applied. Retry later.':
      'Un problème est survenu de notre côté ; la requête n’a pas été appliquée. Réessayez plus tard.',
    'A valid bearer token is required': 'Un jeton d’accès (bearer) valide est requis',
    'A {0} may not use {1} {2}': 'Le rôle {0} ne peut pas utiliser {1} {2}',
    'A cashier of {0} may act only on that store': 'Un caissier de {0} ne peut agir que sur ce magasin',
    'This {0} belongs to another customer': 'Accès refusé : {0} appartient à un autre client',
    'must be 1–64 letters, digits, - or _': 'doit compter de 1 à 64 lettres, chiffres, - ou _',
    'must be a location id such as store-1 or warehouse':
      'doit être un identifiant de lieu comme store-1 ou warehouse',
    '{0} {1} does not exist': '{0} {1} est introuvable',
    '{0} at {1}': '{0} à {1}',

    // ---- catalog
    'price must be a whole, non-negative number of cents':
      'le prix doit être un nombre entier de cents, positif ou nul',
    'price is above 100 000 $': 'le prix dépasse 100 000 $',
    'name must not be empty': 'le nom ne doit pas être vide',
    'name must contain a letter or a digit': 'le nom doit contenir une lettre ou un chiffre',
    'the English name must contain a letter or a digit':
      'le nom anglais doit contenir une lettre ou un chiffre',
    'SKU is 2 to 40 upper-case letters, digits or dashes':
      'le SKU compte de 2 à 40 lettres majuscules, chiffres ou traits d’union',
    'barcode must be a valid EAN-13 (13 digits, correct check digit)':
      'le code-barres doit être un EAN-13 valide (13 chiffres, chiffre de contrôle exact)',
    'must be a lower-case category id such as boulangerie':
      'doit être un identifiant de catégorie en minuscules comme boulangerie',
    'must be 2–40 letters, digits or dashes': 'doit compter de 2 à 40 lettres, chiffres ou traits d’union',
    'must be an EAN-13: 13 digits': 'doit être un EAN-13 : 13 chiffres',
    'must not be negative': 'ne doit pas être négatif',
    'name at least one field to change': 'nommez au moins un champ à modifier',
    'The cursor does not belong to this search': 'Le curseur n’appartient pas à cette recherche',
    'SKU {0} is already used by product {1}': 'Le SKU {0} est déjà utilisé par le produit {1}',
    'Barcode {0} is already used by product {1}': 'Le code-barres {0} est déjà utilisé par le produit {1}',
    'Product {0} was changed by someone else meanwhile; read it again and retry':
      'Le produit {0} a été modifié par quelqu’un d’autre entre-temps ; relisez-le et réessayez',

    // ---- identity
    'username must be 3–32 letters, digits, ".", "_" or "-", starting with a letter or a digit':
      'le nom d’utilisateur compte de 3 à 32 lettres, chiffres, « . », « _ » ou « - », et commence par une lettre ou un chiffre',
    'email must be an address such as name@example.com':
      'le courriel doit être une adresse comme nom@exemple.com',
    'password must be at least {0} characters': 'le mot de passe doit compter au moins {0} caractères',
    'password must be at most {0} characters': 'le mot de passe doit compter au plus {0} caractères',
    'password must not be the username': 'le mot de passe ne doit pas être le nom d’utilisateur',
    'password is one of the most common passwords; choose another':
      'ce mot de passe est parmi les plus courants ; choisissez-en un autre',
    'password must use at least 3 different characters':
      'le mot de passe doit utiliser au moins 3 caractères différents',
    'role must be customer, cashier, manager or ops': 'le rôle doit être customer, cashier, manager ou ops',
    'a cashier must be bound to a store': 'un caissier doit être rattaché à un magasin',
    'storeId must be one of {0}': 'storeId doit être l’un de {0}',
    'only cashiers are bound to a store, not a {0}':
      'seuls les caissiers sont rattachés à un magasin, pas le rôle {0}',
    'display name is at most {0} characters': 'le nom affiché compte au plus {0} caractères',
    'The username or password is wrong': 'Le nom d’utilisateur ou le mot de passe est incorrect',
    'Too many failed logins for this username; retry in {0} s':
      'Trop de connexions échouées pour ce nom d’utilisateur ; réessayez dans {0} s',
    'Too many failed logins from this address; retry in {0} s':
      'Trop de connexions échouées depuis cette adresse ; réessayez dans {0} s',
    'Too many sign-ins are being checked right now; retry in a moment':
      'Trop de connexions sont en cours de vérification ; réessayez dans un moment',
    'This account is disabled; ask a manager': 'Ce compte est désactivé ; adressez-vous à un gestionnaire',
    'The refresh token is not valid (ended, revoked or already used): sign in again':
      'Le jeton de renouvellement n’est pas valide (expiré, révoqué ou déjà utilisé) : reconnectez-vous',
    'you cannot disable your own account': 'vous ne pouvez pas désactiver votre propre compte',
    'you cannot take away your own manager role':
      'vous ne pouvez pas vous retirer votre propre rôle de gestionnaire',
    'name at least one of status, role, storeId, displayName':
      'nommez au moins l’un de status, role, storeId, displayName',
    'The user is being changed; retry': 'L’utilisateur est en cours de modification ; réessayez',
    'the new password must differ from the current one': 'le nouveau mot de passe doit différer de l’actuel',
    'The current password is wrong': 'Le mot de passe actuel est incorrect',
    'Only an active manager can approve this; ask a manager to enter their own credentials':
      'Seul un gestionnaire actif peut approuver ceci ; demandez à un gestionnaire d’entrer ses propres identifiants',
    'The approval is not valid (unreadable, forged or expired): ask a manager again':
      'L’approbation n’est pas valide (illisible, falsifiée ou expirée) : demandez de nouveau à un gestionnaire',
    'The approval has expired: ask a manager again':
      'L’approbation a expiré : demandez de nouveau à un gestionnaire',
    'The approval is for another kind of action': 'L’approbation vise un autre type d’opération',
    'The approval is for another store': 'L’approbation vise un autre magasin',
    'The approval is for a smaller amount': 'L’approbation vise un montant moins élevé',
    "A discount of more than {0} cents needs a manager's approval":
      'Un rabais de plus de {0} cents demande l’approbation d’un gestionnaire',
    "A refund of more than {0} cents needs a manager's approval":
      'Un remboursement de plus de {0} cents demande l’approbation d’un gestionnaire',
    "Voiding a sale of more than {0} cents needs a manager's approval":
      'L’annulation d’une vente de plus de {0} cents demande l’approbation d’un gestionnaire',
    'wrong password': 'mot de passe incorrect',
    'The username {0} is already taken (usernames are compared without case)':
      'Le nom d’utilisateur {0} est déjà pris (les noms d’utilisateur sont comparés sans tenir compte de la casse)',
    'The email {0} is already used by another account':
      'Le courriel {0} est déjà utilisé par un autre compte',
    'The cursor does not belong to this list': 'Le curseur n’appartient pas à cette liste',

    // ---- inventory
    'Only {0} {1} available at {2} (the rest is reserved): cannot remove {3}':
      'Seulement {0} {1} disponible(s) à {2} (le reste est réservé) : impossible d’en retirer {3}',
    'thresholds are whole, non-negative numbers': 'les seuils sont des nombres entiers, positifs ou nuls',
    'thresholds must satisfy low ≤ reorder ≤ over': 'les seuils doivent respecter low ≤ reorder ≤ over',
    'must not be 0': 'ne doit pas être 0',
    'must be at least low': 'doit être au moins égal à low',
    'must be at least reorder': 'doit être au moins égal à reorder',
    'this cursor does not belong to this listing': 'ce curseur n’appartient pas à cette liste',
    '{0} is not a store: only stores are replenished':
      '{0} n’est pas un magasin : seuls les magasins sont réapprovisionnés',
    'quantity must be a whole number from 1 to {0}': 'la quantité doit être un nombre entier de 1 à {0}',
    'replenishment {0} is {1}, not ready for {2}':
      'la demande de réapprovisionnement {0} est à l’état {1}, pas prête pour {2}',
    '{0} is not stocked at the warehouse': '{0} n’est pas tenu en stock à l’entrepôt',
    '{0} is not stocked at {1}': '{0} n’est pas tenu en stock à {1}',
    'A replenishment of {0} for {1} is being requested; retry in a moment':
      'Un réapprovisionnement de {0} pour {1} est en cours de demande ; réessayez dans un moment',
    'Could not claim the replenishment; retry in a moment':
      'Impossible de réserver la demande de réapprovisionnement ; réessayez dans un moment',
    'the reorder point must be a whole number from 0 to 100000':
      'le point de commande doit être un nombre entier de 0 à 100000',
    'the order-up-to level must be a whole number from 0 to 100000':
      'le niveau cible doit être un nombre entier de 0 à 100000',
    'the multiple must be a whole number from 1 to 100000':
      'le multiple doit être un nombre entier de 1 à 100000',
    'the minimum must be a whole number from 0 to 100000':
      'le minimum doit être un nombre entier de 0 à 100000',
    'the order-up-to level must leave room above the reorder point for one multiple and the minimum':
      'le niveau cible doit laisser, au-dessus du point de commande, la place d’un multiple et du minimum',
    '{0} stocks nothing in category {1}': '{0} ne tient rien en stock dans la catégorie {1}',
    '{0} stocks nothing to count': '{0} ne tient rien en stock à compter',
    'count {0} is {1}: it was posted already':
      'l’inventaire {0} est à l’état {1} : il a déjà été comptabilisé',
    '{0} is not on count sheet {1}': '{0} n’est pas sur la feuille d’inventaire {1}',
    '{0} is listed twice': '{0} figure deux fois',
    'counted must be a whole number from 0 to {0}':
      'la quantité comptée doit être un nombre entier de 0 à {0}',
    'count at least one product': 'comptez au moins un produit',
    'a supplier needs a name': 'un fournisseur doit avoir un nom',
    'lead time must be a whole number of days from 0 to 365':
      'le délai de livraison doit être un nombre entier de jours de 0 à 365',
    'a purchase order needs at least one line': 'un bon de commande doit avoir au moins une ligne',
    '{0} does not sell {1}': '{0} ne vend pas {1}',
    '{0} comes in cases of {1}: order a multiple of it':
      '{0} se vend par caisses de {1} : commandez-en un multiple',
    'purchase order {0} is {1}: it cannot be {2}':
      'le bon de commande {0} est à l’état {1} : il ne peut pas être {2}',
    '{0} is not on purchase order {1}': '{0} n’est pas sur le bon de commande {1}',
    'quantity must be a whole number from 0 to {0}': 'la quantité doit être un nombre entier de 0 à {0}',
    'a receipt needs at least one unit': 'une réception doit compter au moins une unité',
    '{0} received of {1}, but only {2} are still expected on this order':
      '{0} reçus de {1}, mais seulement {2} sont encore attendus sur ce bon de commande',
    'Could not claim the purchase order; retry in a moment':
      'Impossible de réserver le bon de commande ; réessayez dans un instant',
    'purchase order {0} is being changed; retry in a moment':
      'le bon de commande {0} est en cours de modification ; réessayez dans un instant',
    'received must be a whole number from 0 to {0} (shipped)':
      'la quantité reçue doit être un nombre entier de 0 à {0} (expédiés)',
    '{0} received of {1} shipped: say why (missing, damaged…)':
      '{0} reçus sur {1} expédiés : dites pourquoi (manquants, abîmés…)',
    'replenishment {0} was already confirmed': 'la réception de la demande {0} est déjà confirmée',
    'replenishment {0} is {1}: only a request in transit can be received':
      'la demande {0} est à l’état {1} : seule une demande en route peut être reçue',
    '{0}: {1} counted, but orders in progress hold {2}; count again once they are sold':
      '{0} : {1} comptés, mais des commandes en cours en réservent {2} ; recomptez une fois vendues',

    // ---- sales
    'the cart is empty': 'le panier est vide',
    'an order needs at least one line': 'une commande doit compter au moins une ligne',
    'each quantity is a whole number of at least 1': 'chaque quantité est un nombre entier d’au moins 1',
    'an order has at most {0} products': 'une commande compte au plus {0} produits',
    'at most {0} units of one product per order': 'au plus {0} unités d’un même produit par commande',
    'quantity is a whole number from 0 to {0}': 'la quantité est un nombre entier de 0 à {0}',
    'a cart holds at most {0} products': 'un panier contient au plus {0} produits',
    'Cart {0} is being checked out; retry in a moment':
      'Le panier {0} est en cours de paiement ; réessayez dans un moment',
    'Cart {0} was already checked out (order {1})': 'Le panier {0} a déjà été payé (commande {1})',
    'Cart {0} was changed meanwhile; read it again and retry':
      'Le panier {0} a été modifié entre-temps ; relisez-le et réessayez',
    'Order {0} was changed by someone else meanwhile; retry':
      'La commande {0} a été modifiée par quelqu’un d’autre entre-temps ; réessayez',
    'Order {0} is {1}; only a confirmed order can be returned':
      'La commande {0} est à l’état {1} ; seule une commande confirmée peut être retournée',
    'product {0} is not part of order {1}': 'le produit {0} ne fait pas partie de la commande {1}',
    'Cannot return more than was sold: {0}': 'Impossible de retourner plus que ce qui a été vendu : {0}',
    'tax class is standard, zero-rated or bakery-single':
      'la classe de taxe est standard, zero-rated (détaxé) ou bakery-single (pâtisserie à l’unité)',
    'a discount needs a reason of 1 to {0} characters': 'un rabais demande un motif de 1 à {0} caractères',
    'two decimals at most': 'deux décimales au plus',
    'a percentage discount is more than 0 and at most 100, with two decimals at most':
      'un rabais en pourcentage est supérieur à 0 et d’au plus 100, avec au plus deux décimales',
    'an amount discount is a whole number of cents above 0':
      'un rabais en montant est un nombre entier de cents supérieur à 0',
    'the discount ({0} ¢) is more than the amount it applies to ({1} ¢)':
      'le rabais ({0} ¢) dépasse le montant auquel il s’applique ({1} ¢)',
    "A discount of {0} cents is above the till's limit ({1} % or {2} cents): it needs a manager's approval":
      'Un rabais de {0} cents dépasse la limite de la caisse ({1} % ou {2} cents) : il faut l’approbation d’un gérant',
    "A refund of {0} cents is above the till's limit ({1} cents): it needs a manager's approval":
      'Un remboursement de {0} cents dépasse la limite de la caisse ({1} cents) : il faut l’approbation d’un gérant',
    '{0} ({1} asked, {2} returnable)': '{0} ({1} demandé(s), {2} retournable(s))',
    'Name the location whose orders to list': 'Nommez le lieu dont il faut lister les commandes',
    '`from` is after `to`': '`from` est après `to`',
    'after to': 'après to',
    'must be 12–19 digits': 'doit compter de 12 à 19 chiffres',
    'must be a date (2026-01-31) or an ISO-8601 UTC time':
      'doit être une date (2026-01-31) ou une heure ISO-8601 UTC',
    'The card was declined by the issuer': 'La carte a été refusée par l’émetteur',
    'The payment provider is temporarily unavailable':
      'Le fournisseur de paiement est temporairement indisponible',
    'The payment provider did not answer in time': 'Le fournisseur de paiement n’a pas répondu à temps',
    'The payment was reversed by the provider after capture':
      'Le paiement a été annulé par le fournisseur après la capture',
    '{0}; it was refunded': '{0} ; il a été remboursé',
    '{0}; nothing was charged, retry later': '{0} ; rien n’a été débité, réessayez plus tard',
    'The order could not be completed': 'La commande n’a pas pu être complétée',
    'The order failed': 'La commande a échoué',

    // ---- register sessions and the till (functions/sales/register-service.ts, domain/sales/register.ts)
    'must be a whole number of cents from {0} to {1}': 'doit être un nombre entier de cents de {0} à {1}',
    'a cash movement needs a reason': 'un mouvement d’argent demande un motif',
    'the session is already closed': 'la session est déjà fermée',
    'a sale of the session is still in progress': 'une vente de la session est encore en cours',
    'Till {0} has no open session: open one first':
      'La caisse {0} n’a pas de session ouverte : ouvrez-en une d’abord',
    'Till {0} already has an open session: close it first':
      'La caisse {0} a déjà une session ouverte : fermez-la d’abord',
    'The till changed meanwhile; retry': 'La caisse a changé entre-temps ; réessayez',
    'Session {0} is not the open session of till {1}':
      'La session {0} n’est pas la session ouverte de la caisse {1}',
    'Session {0} is already closed': 'La session {0} est déjà fermée',
    "Only the last sale of the till's open session can be voided, whole; take sale {0} back as a return":
      'Seule la dernière vente de la session ouverte de la caisse peut être annulée, en entier ; reprenez la vente {0} en retour',
    'a void is taken at a till: say which (registerId)':
      'une annulation se fait à une caisse : indiquez laquelle (registerId)',
    'A sale of session {0} is still in progress; retry the close in a moment':
      'Une vente de la session {0} est encore en cours ; réessayez la fermeture dans un instant',
    'the cash tendered must cover the total of {0} cents (a cash sale only)':
      'l’argent remis doit couvrir le total de {0} cents (vente au comptant seulement)',
    'must be a till id such as till-1': 'doit être un identifiant de caisse comme till-1',
    // ---- offline sales (functions/sales/sales-service.ts)
    'a sale made offline is paid in cash (a card needs the network)':
      'une vente faite hors ligne est payée comptant (la carte demande le réseau)',
    'The basket at the prices charged comes to {0} cents, not the {1} cents charged':
      'Le panier aux prix facturés fait {0} cents, et non les {1} cents facturés',
    'must be an offline receipt such as HL-till-1-3': 'doit être un reçu hors ligne comme HL-till-1-3',

    // ---- reporting and ops
    'from must be a calendar day written yyyy-mm-dd': 'from doit être un jour du calendrier écrit aaaa-mm-jj',
    'to must be a calendar day written yyyy-mm-dd': 'to doit être un jour du calendrier écrit aaaa-mm-jj',
    'to must be the same day as from or later': 'to doit être le même jour que from ou plus tard',
    'must be a calendar day written yyyy-mm-dd': 'doit être un jour du calendrier écrit aaaa-mm-jj',
    'must be the same day as from or later': 'doit être le même jour que from ou plus tard',
    'a report covers at most {0} days': 'un rapport couvre au plus {0} jours',
    '{0} is not a valid time': '{0} n’est pas une heure valide',
    'order {0} has no line': 'la commande {0} n’a aucune ligne',
    '{0} sells nothing: use one of {1}': '{0} ne vend rien : utilisez l’un de {1}',
    'The cursor does not belong to this listing': 'Le curseur n’appartient pas à cette liste',
    'must be an event type such as OrderConfirmed': 'doit être un type d’événement comme OrderConfirmed',
    'must be a correlation id (1–128 letters, digits, . _ : -)':
      'doit être un identifiant de corrélation (1 à 128 lettres, chiffres, . _ : -)',

    // ---- delivery and fulfilment
    'Order {0} is for {1}: {2} does not apply': 'La commande {0} est en {1} : {2} ne s’applique pas',
    'name the carrier of the parcel': 'nommez le transporteur du colis',
    'the tracking number is 6 to 40 letters, digits or dashes':
      'le numéro de suivi compte de 6 à 40 lettres, chiffres ou traits d’union',
    'Order {0} was already shipped with tracking number {1}':
      'La commande {0} a déjà été expédiée avec le numéro de suivi {1}',
    'Order {0} is {1}: it can be cancelled only before picking starts':
      'La commande {0} est à l’état {1} : elle ne peut être annulée qu’avant la préparation',
    'Order {0} is {1}: {2} is not possible now':
      'La commande {0} est à l’état {1} : {2} n’est pas possible maintenant',
    'Order {0} waits for its customer until {1}': 'La commande {0} attend son client jusqu’au {1}',
    "Too many wrong pickup codes for order {0}: a manager must check the customer's order":
      'Trop de codes de cueillette erronés pour la commande {0} : un gérant doit vérifier la commande du client',
    'postal code must be a Canadian postal code such as H2X 1Y4':
      'le code postal doit être un code postal canadien comme H2X 1Y4',
    'province must be a Canadian province or territory code such as QC':
      'la province doit être le code d’une province ou d’un territoire canadien comme QC',
    'postal code {0} is not in province {1}': 'le code postal {0} n’est pas dans la province {1}',
    '{0} must not be empty': '{0} ne doit pas être vide',
    '{0} is not a store where orders can be picked up': '{0} n’est pas un magasin où cueillir une commande',
    'shipping option {0} does not exist ({1})': 'l’option de livraison {0} n’existe pas ({1})',
    'These products can only be picked up in store: {0}':
      'Ces produits ne sont offerts qu’en cueillette en magasin : {0}',
    'A signed-in staff member is required': 'Un membre du personnel connecté est requis',
    'This is not the pickup code of order {0}': 'Ce n’est pas le code de cueillette de la commande {0}',
    'must be the six-digit pickup code': 'doit être le code de cueillette à six chiffres',
    'must be a Canadian postal code such as H2X 1Y4': 'doit être un code postal canadien comme H2X 1Y4',
    'must be a phone number': 'doit être un numéro de téléphone',
    'must be a shipping option id': 'doit être l’identifiant d’une option de livraison',
    'give either delivery or shippingAddress': 'donnez delivery ou shippingAddress, pas les deux',
  } as Record<string, string>,
};
