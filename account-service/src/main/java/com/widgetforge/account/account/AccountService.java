package com.widgetforge.account.account;

import com.widgetforge.account.crypto.CredentialCipher;
import com.widgetforge.account.owner.OwnerDirectory;
import com.widgetforge.account.provider.AccountProvider;
import com.widgetforge.account.provider.ProviderAccount;
import com.widgetforge.account.snapshot.SnapshotService;
import com.widgetforge.kit.problem.ApiProblem;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Accounts and their rules: who may see and change which, and validation of what they send. */
@ApplicationScoped
public class AccountService {

  public static final int MAX_ACCOUNTS_PER_OWNER = 50;
  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9._ -]{1,100}");
  private static final Pattern SHORT = Pattern.compile("[A-Za-z0-9._ -]{1,64}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CredentialCipher cipher;
  private final SnapshotService snapshots;
  private final OwnerDirectory owners;
  private final Map<String, AccountProvider> providers;

  AccountService(
      CredentialCipher cipher,
      OwnerDirectory owners,
      @All List<AccountProvider> providers,
      SnapshotService snapshots) {
    this.snapshots = snapshots;
    this.cipher = cipher;
    this.owners = owners;
    this.providers =
        providers.stream()
            .collect(Collectors.toUnmodifiableMap(AccountProvider::name, Function.identity()));
  }

  @Transactional
  public TradingAccount create(AccountRequest request, Caller caller) {
    UUID owner = request.ownerId() != null && caller.admin() ? request.ownerId() : caller.userId();
    if (owner == null) {
      throw ApiProblem.forbidden("an API key cannot own accounts");
    }
    if (TradingAccount.count("ownerId", owner) >= MAX_ACCOUNTS_PER_OWNER) {
      throw ApiProblem.badRequest("at most " + MAX_ACCOUNTS_PER_OWNER + " accounts per trader");
    }
    if (request.login() == null || request.login() <= 0 || request.login() > 9_999_999_999L) {
      throw ApiProblem.badRequest("login must be a positive account number");
    }
    String server = text("server", request.server(), SERVER);
    String provider = provider(request.provider() == null ? "simulated" : request.provider());
    if (!provider.equals("simulated") && !caller.admin()) {
      // The firm's API key reads any account: someone must have checked that this one is theirs.
      throw ApiProblem.forbidden(
          "accounts read from " + provider + " are registered by an admin, who checks ownership");
    }
    if (TradingAccount.count(
            "provider = ?1 and server = ?2 and login = ?3", provider, server, request.login())
        > 0) {
      throw ApiProblem.conflict("this account is already registered");
    }
    if (request.initialBalance() == null
        || request.initialBalance().signum() <= 0
        || request.initialBalance().compareTo(new BigDecimal("1000000000")) > 0) {
      throw ApiProblem.badRequest("initialBalance must be a positive amount");
    }
    Instant now = Instant.now();
    TradingAccount account = new TradingAccount();
    account.id = UUID.randomUUID();
    account.ownerId = owner;
    account.platform = platform(request.platform());
    account.login = request.login();
    account.server = server;
    account.provider = provider;
    account.firm = request.firm() == null ? "The5ers" : text("firm", request.firm(), SHORT);
    account.providerAccountId =
        request.providerAccountId() == null
            ? null
            : text("providerAccountId", request.providerAccountId(), SHORT);
    if (TradingAccount.count(
            "provider = ?1 and coalesce(providerAccountId, cast(login as string)) = ?2",
            provider,
            account.providerId())
        > 0) {
      throw ApiProblem.conflict("this provider account is already registered");
    }
    account.label = request.label() == null ? "MT5 " + request.login() : label(request.label());
    account.initialBalance = request.initialBalance();
    account.currency =
        request.currency() == null ? "USD" : text("currency", request.currency(), CURRENCY);
    applyRules(account, request.rules().withDefaults().validated());
    account.widgetToken = newToken();
    account.polling = request.polling() == null || request.polling();
    account.createdAt = now;
    account.updatedAt = now;
    if (request.investorPassword() != null) {
      setPassword(account, request.investorPassword());
    }
    account.persist();
    return account;
  }

  @Transactional
  public TradingAccount update(UUID id, AccountRequest request, Caller caller) {
    TradingAccount account = find(id, caller);
    if (!caller.mayChange(account)) {
      throw ApiProblem.notFound("no such account");
    }
    if (request.label() != null) {
      account.label = label(request.label());
    }
    Rules current = Rules.of(account);
    Rules merged =
        new Rules(
            request.profitTargetPct() != null
                ? request.profitTargetPct()
                : current.profitTargetPct(),
            request.maxDailyLossPct() != null
                ? request.maxDailyLossPct()
                : current.maxDailyLossPct(),
            request.maxTotalLossPct() != null
                ? request.maxTotalLossPct()
                : current.maxTotalLossPct(),
            request.minTradingDays() != null ? request.minTradingDays() : current.minTradingDays(),
            request.dailyResetTime() != null ? request.dailyResetTime() : current.dailyResetTime(),
            request.dailyResetZone() != null ? request.dailyResetZone() : current.dailyResetZone());
    applyRules(account, merged.validated());
    if (request.polling() != null) {
      account.polling = request.polling();
    }
    if (request.investorPassword() != null) {
      setPassword(account, request.investorPassword());
    }
    account.updatedAt = Instant.now();
    return account;
  }

  @Transactional
  public void delete(UUID id, Caller caller) {
    TradingAccount account = find(id, caller);
    if (!caller.mayChange(account)) {
      throw ApiProblem.notFound("no such account");
    }
    account.delete();
    snapshots.forget(id);
  }

  /** The account if the caller may read it; another trader's account is simply not found. */
  @Transactional
  public TradingAccount find(UUID id, Caller caller) {
    TradingAccount account = TradingAccount.findById(id);
    if (account == null || !caller.mayRead(account)) {
      throw ApiProblem.notFound("no such account");
    }
    return account;
  }

  @Transactional
  public List<TradingAccount> list(Caller caller, UUID ownerFilter) {
    if (caller.readsAll()) {
      return ownerFilter == null
          ? TradingAccount.list("order by createdAt")
          : TradingAccount.list("ownerId = ?1 order by createdAt", ownerFilter);
    }
    return TradingAccount.list("ownerId = ?1 order by createdAt", caller.userId());
  }

  public String ownerName(TradingAccount account) {
    return owners.displayName(account.ownerId);
  }

  /** Re-encrypts every password not under the current key; returns how many rows changed. */
  @Transactional
  public int reencrypt() {
    int changed = 0;
    for (TradingAccount account :
        TradingAccount.<TradingAccount>list(
            "passwordKeyId is not null and passwordKeyId <> ?1", cipher.currentKeyId())) {
      String password =
          cipher.open(
              new CredentialCipher.Sealed(account.passwordKeyId, account.passwordCiphertext),
              account.id.toString());
      setPassword(account, password);
      changed++;
    }
    return changed;
  }

  /** What a provider needs to reach the account; the password is decrypted only on demand. */
  public ProviderAccount providerView(TradingAccount account) {
    String keyId = account.passwordKeyId;
    String ciphertext = account.passwordCiphertext;
    String id = account.id.toString();
    return new ProviderAccount(
        account.id,
        account.providerId(),
        account.login,
        account.server,
        account.initialBalance,
        account.currency,
        account.createdAt,
        () ->
            ciphertext == null
                ? null
                : cipher.open(new CredentialCipher.Sealed(keyId, ciphertext), id),
        account.provider);
  }

  public AccountProvider provider(TradingAccount account) {
    return providers.get(account.provider);
  }

  void setPassword(TradingAccount account, String password) {
    if (password.isEmpty() || password.length() > 128) {
      throw ApiProblem.badRequest("investorPassword must be 1 to 128 characters");
    }
    CredentialCipher.Sealed sealed = cipher.seal(password, account.id.toString());
    account.passwordKeyId = sealed.keyId();
    account.passwordCiphertext = sealed.ciphertext();
  }

  private String provider(String name) {
    if (!providers.containsKey(name)) {
      throw ApiProblem.badRequest("provider must be one of " + providers.keySet());
    }
    return name;
  }

  private static String platform(String platform) {
    if (platform != null && !platform.equals("mt5")) {
      throw ApiProblem.badRequest("platform must be mt5");
    }
    return "mt5";
  }

  private static void applyRules(TradingAccount account, Rules rules) {
    account.profitTargetPct = rules.profitTargetPct();
    account.maxDailyLossPct = rules.maxDailyLossPct();
    account.maxTotalLossPct = rules.maxTotalLossPct();
    account.minTradingDays = rules.minTradingDays();
    account.dailyResetTime = rules.dailyResetTime();
    account.dailyResetZone = rules.dailyResetZone();
  }

  private static String label(String label) {
    String value = label.strip();
    if (value.isEmpty()
        || value.length() > 100
        || value.chars().anyMatch(Character::isISOControl)) {
      throw ApiProblem.badRequest("label must be 1 to 100 printable characters");
    }
    return value;
  }

  private static String text(String name, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value.strip()).matches()) {
      throw ApiProblem.badRequest(name + " is missing or has characters it may not contain");
    }
    return value.strip();
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
